package ai.crafted.integrations.error;

import jakarta.validation.ConstraintViolation;

/**
 * One thing wrong with one field of a request: an entry of the {@code errors} array of the error
 * shape. {@code message} reads on its own in the API ("config.timeoutMs must be at least 1 ms");
 * {@code problem} is the same without the API's field name ("must be at least 1 ms"), for a form
 * that shows it under the field's own label.
 */
public record FieldProblem(int status, String code, String field, String message, String problem) {

    /**
     * A problem of our own checks: their prose often starts with the field's last name
     * ("endpoint must be an https URL"), which the form's label already says, so {@code problem}
     * leaves it out ("must be an https URL").
     */
    public static FieldProblem of(ApiException e) {
        String message = e.getMessage();
        String own = e.field() == null ? null : e.field().substring(e.field().lastIndexOf('.') + 1) + " ";
        String problem = own != null && message != null && message.startsWith(own) && message.length() > own.length()
                ? message.substring(own.length()) : message;
        return new FieldProblem(e.status(), e.code(), e.field(), message, problem);
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
