package ai.crafted.integrations.error;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;

/** Names the request field a Bean Validation failure is about, and the error code it carries. */
public final class ViolationFields {

    private ViolationFields() {
    }

    /**
     * The field as the client wrote it: {@code displayName}, {@code config.endpoint}, and with the
     * index for a list's element ({@code mcpPluginIds[0]}); Hibernate Validator puts the index on
     * the node after the list (the element, or the element's property).
     */
    public static String fieldOf(ConstraintViolation<?> violation) {
        // Method validation paths start with the method and parameter: keep the body's part.
        StringBuilder field = new StringBuilder();
        for (Path.Node node : violation.getPropertyPath()) {
            ElementKind kind = node.getKind();
            if (kind != ElementKind.PROPERTY && kind != ElementKind.CONTAINER_ELEMENT) {
                continue;
            }
            Object at = node.getIndex() != null ? node.getIndex() : node.getKey();
            if (node.isInIterable() && at != null && !field.isEmpty()) {
                field.append('[').append(at).append(']');
            }
            if (kind == ElementKind.PROPERTY) {
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
