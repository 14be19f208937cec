package ai.crafted.integrations.error;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;

/** Names the request field a Bean Validation failure is about, and the error code it carries. */
public final class ViolationFields {

    private ViolationFields() {
    }

    public static String fieldOf(ConstraintViolation<?> violation) {
        // Method validation paths start with the method and parameter: keep the body's part.
        StringBuilder field = new StringBuilder();
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.PROPERTY) {
                if (!field.isEmpty()) {
                    field.append('.');
                }
                field.append(node.getName());
            }
        }
        return field.isEmpty() ? violation.getPropertyPath().toString() : field.toString();
    }

    public static String codeOf(ConstraintViolation<?> violation) {
        Object bean = violation.getLeafBean();
        ErrorCode declared = bean == null ? null : bean.getClass().getAnnotation(ErrorCode.class);
        return declared == null ? ErrorCodes.INVALID_REQUEST : declared.value();
    }
}
