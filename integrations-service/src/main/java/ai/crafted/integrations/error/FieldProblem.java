package ai.crafted.integrations.error;

import jakarta.validation.ConstraintViolation;

/**
 * One thing wrong with one field of a request: an entry of the {@code errors} array of the error
 * shape. {@code message} reads on its own in the API ("config.timeoutMs must be at least 1 ms");
 * {@code problem} is the same without the API's field name ("must be at least 1 ms"), for a form
 * that shows it under the field's own label.
 */
public record FieldProblem(int status, String code, String field, String message, String problem) {

    /** A problem whose message already reads well next to the field (our own checks' prose). */
    public static FieldProblem of(ApiException e) {
        return new FieldProblem(e.status(), e.code(), e.field(), e.getMessage(), e.getMessage());
    }

    /** A Bean Validation failure: its message says what is wrong, the path says where. */
    public static FieldProblem of(ConstraintViolation<?> violation) {
        String field = ViolationFields.fieldOf(violation);
        return new FieldProblem(400, ViolationFields.codeOf(violation), field, field + " " + violation.getMessage(),
                violation.getMessage());
    }

    /** A field rule of our own: {@code problem} without the field's name, as a form shows it. */
    public static FieldProblem invalid(String code, String field, String problem) {
        return new FieldProblem(400, code, field, field + " " + problem, problem);
    }

    /** This problem and another one of the same field, as one ("slug is required; must be kebab-case"). */
    public FieldProblem and(FieldProblem other) {
        return new FieldProblem(status, code, field, message + "; " + other.problem, problem + "; " + other.problem);
    }

    /** This problem as the exception the API maps to its error shape. */
    public ApiException asException() {
        return new ApiException(status, code, message, field);
    }
}
