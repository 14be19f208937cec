package ai.crafted.integrations.error;

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
