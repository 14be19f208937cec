package ai.crafted.integrations.ui;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.validation.ConstraintViolationException;

import ai.crafted.integrations.error.ApiException;
import ai.crafted.integrations.error.ErrorCodes;
import ai.crafted.integrations.error.ViolationFields;

/**
 * What went wrong with a submitted form, per field where the API names one, so the page can show
 * each message next to its input; {@code code} is the API's stable error code.
 */
public record FormErrors(Map<String, String> fields, String general, String code) {

    public static final FormErrors NONE = new FormErrors(Map.of(), null, null);

    /** The messages of a failed write, or the failure itself when it is not a user error. */
    public static FormErrors from(Throwable failure) {
        if (failure instanceof ApiException api) {
            // A remote authorization server's failure (502 oauth_connect_failed) is the user's to read and act on.
            boolean remote = ErrorCodes.OAUTH_CONNECT_FAILED.equals(api.code());
            if (api.status() >= 500 && !remote || api.status() == 403) {
                throw api;
            }
            if (api.field() != null) {
                return new FormErrors(Map.of(api.field(), api.getMessage()), null, api.code());
            }
            return new FormErrors(Map.of(), api.getMessage(), api.code());
        }
        if (failure instanceof ConstraintViolationException invalid) {
            Map<String, String> fields = new LinkedHashMap<>();
            String code = null;
            for (var violation : invalid.getConstraintViolations()) {
                fields.merge(ViolationFields.fieldOf(violation), violation.getMessage(), (a, b) -> a + "; " + b);
                code = code == null ? ViolationFields.codeOf(violation) : code;
            }
            return new FormErrors(fields, null, code);
        }
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
        throw new IllegalStateException(failure);
    }

    public boolean any() {
        return general != null || !fields.isEmpty();
    }

    public boolean has(String field) {
        return fields.containsKey(field);
    }

    public String of(String field) {
        return fields.getOrDefault(field, "");
    }
}
