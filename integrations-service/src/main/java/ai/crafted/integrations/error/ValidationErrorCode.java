package ai.crafted.integrations.error;

/** Implemented by request records whose Bean Validation failures carry a domain error code. */
public interface ValidationErrorCode {

    String validationErrorCode();
}
