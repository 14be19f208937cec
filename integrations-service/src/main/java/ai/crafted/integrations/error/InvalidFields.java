package ai.crafted.integrations.error;

import java.util.List;

/**
 * Everything wrong with a request at once (the control panel shows every invalid field after one
 * submit, not one per round trip). Answered as the first problem in {@code error} and all of them
 * in {@code errors}; the status is 409 only when every problem is a conflict, else 400.
 */
public class InvalidFields extends ApiException {

    private final List<FieldProblem> problems;

    private InvalidFields(List<FieldProblem> problems) {
        super(statusOf(problems), first(problems).code(), first(problems).message(), first(problems).field());
        // The answer's error is errors[0]: the first problem that is not a conflict leads.
        FieldProblem lead = first(problems);
        List<FieldProblem> ordered = new java.util.ArrayList<>(List.of(lead));
        problems.stream().filter(p -> p != lead).forEach(ordered::add);
        this.problems = List.copyOf(ordered);
    }

    /**
     * Throws when there is anything to report.
     *
     * @param problems in the order a form shows them (top to bottom)
     */
    public static void throwIfAny(List<FieldProblem> problems) {
        if (!problems.isEmpty()) {
            throw of(problems);
        }
    }

    /** The refusal of these problems (at least one). */
    public static InvalidFields of(List<FieldProblem> problems) {
        return new InvalidFields(problems);
    }

    /**
     * Adds a failed check's problem to the others (for {@code onFailure(ApiException.class).recoverWithItem(…)}
     * when every check is to run before one answer); answers null.
     */
    public static <T> T collect(List<FieldProblem> problems, Throwable failure) {
        problems.add(FieldProblem.of((ApiException) failure));
        return null;
    }

    /**
     * The field problems a refusal carries: all of an {@code InvalidFields}, the one of an
     * {@link ApiException} that names a field, each Bean Validation violation; empty for any other failure.
     */
    public static List<FieldProblem> problemsOf(Throwable failure) {
        if (failure instanceof InvalidFields all) {
            return all.problems();
        }
        if (failure instanceof ApiException api && api.status() < 500 && api.field() != null) {
            return List.of(FieldProblem.of(api));
        }
        if (failure instanceof jakarta.validation.ConstraintViolationException invalid) {
            return invalid.getConstraintViolations().stream().map(FieldProblem::of).toList();
        }
        return List.of();
    }

    public List<FieldProblem> problems() {
        return problems;
    }

    private static FieldProblem first(List<FieldProblem> problems) {
        return problems.stream().filter(p -> p.status() != 409).findFirst().orElse(problems.get(0));
    }

    private static int statusOf(List<FieldProblem> problems) {
        return problems.stream().allMatch(p -> p.status() == 409) ? 409 : 400;
    }
}
