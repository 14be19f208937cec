package ai.crafted.integrations.error;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;

import io.vertx.pgclient.PgException;

/**
 * The checks every write shares: a body must be present, pass Bean Validation (its violations
 * carry the request's own error code) and the {@link TextRules}; database constraint failures
 * are recognised by name.
 */
@ApplicationScoped
public class RequestChecks {

    private final Validator validator;

    public RequestChecks(Validator validator) {
        this.validator = validator;
    }

    public <T> T validated(T request) {
        if (request == null) {
            throw new ApiException(400, ErrorCodes.INVALID_REQUEST, "a JSON request body is required", null);
        }
        var violations = validator.validate(request);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        TextRules.check(request);
        return request;
    }

    /**
     * Everything wrong with a request body by Bean Validation and the {@link TextRules}, without
     * throwing: Bean Validation's problems sorted by field (one per field, several broken rules
     * joined with "; "), then the text rule's for fields Bean
     * Validation found nothing wrong with. A null body is one problem ({@code invalid_request}).
     */
    public List<FieldProblem> problemsOf(Object request) {
        if (request == null) {
            return List.of(new FieldProblem(400, ErrorCodes.INVALID_REQUEST, null, "a JSON request body is required",
                    "a JSON request body is required"));
        }
        // One entry per field: several rules broken by one value ("" is blank and not kebab-case) read as one message.
        Map<String, FieldProblem> byField = new TreeMap<>();
        validator.validate(request).stream().map(FieldProblem::of)
                .sorted(Comparator.comparing(FieldProblem::field).thenComparing(FieldProblem::problem))
                .forEach(p -> byField.merge(p.field(), p, FieldProblem::and));
        List<FieldProblem> problems = new ArrayList<>(byField.values());
        Set<String> named = problems.stream().map(FieldProblem::field).collect(Collectors.toSet());
        TextRules.problemsOf(request).stream().filter(p -> !named.contains(p.field())).forEach(problems::add);
        return problems;
    }

    /**
     * Whether a failure (anywhere in its cause chain) was raised by the named database
     * constraint, read from the constraint name PostgreSQL reports (SQLSTATE 23xxx), never from
     * message text.
     */
    public static boolean violates(Throwable failure, String constraint) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String violated = t instanceof org.hibernate.exception.ConstraintViolationException hibernate
                    ? hibernate.getConstraintName()
                    : t instanceof PgException pg ? pg.getConstraint() : null;
            if (constraint.equals(violated)) {
                return true;
            }
        }
        return false;
    }
}
