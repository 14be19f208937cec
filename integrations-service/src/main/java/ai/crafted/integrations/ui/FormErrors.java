package ai.crafted.integrations.ui;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.validation.ConstraintViolationException;

import ai.crafted.integrations.error.ApiException;
import ai.crafted.integrations.error.ErrorCodes;
import ai.crafted.integrations.error.FieldProblem;
import ai.crafted.integrations.error.InvalidFields;

/**
 * What went wrong with a submitted form: every invalid field at once (the API collects them), each
 * message under its input and all of them in the summary above the form; {@code code} is the
 * API's stable error code. Messages are the API's without its field names ("must be at least
 * 1 ms", not "config.timeoutMs must be …"): the form shows them under the field's own label.
 */
public record FormErrors(Map<String, String> fields, String general, String code) {

    public static final FormErrors NONE = new FormErrors(Map.of(), null, null);

    /**
     * The labels the forms give the API's fields, in the order the forms show them (the summary
     * lists problems top to bottom, as the reader meets the fields).
     */
    private static final Map<String, String> LABELS = labels("displayName", "Display name", "slug", "Slug",
            "description", "Description", "config.endpoint", "Endpoint URL", "config.transport", "Transport",
            "credentialId", "Credential", "newCredentialName", "New credential name", "newCredentialType", "New credential type",
            "newCredentialHeader", "New credential header name", "newCredentialSecret", "New credential secret",
            "config.timeoutMs", "Timeout", "config.toolResultMaxChars", "Tool result limit", "phoneNumberId", "Phone number id",
            "model", "Model", "systemPrompt", "System prompt", "accessToken", "Access token", "appSecret", "App secret",
            "verifyToken", "Webhook verify token", "mcpPluginIds", "MCP plugins", "allowedTools", "Tools", "name", "Name", "expiresInDays", "Expires",
            "type", "Type", "headerName", "Header name", "secret", "Secret", "resource", "MCP server URL", "scope", "Scope",
            "clientId", "Client id", "clientSecret", "Client secret", "toolName", "Tool",
            ToolArgumentsForm.JSON_FIELD, "All arguments as one JSON object");
    /** A tool's argument is labelled by its own name in the "Try tool" form. */
    private static final String ARGUMENT = "arguments.";

    private static Map<String, String> labels(String... pairs) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            labels.put(pairs[i], pairs[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(labels);
    }

    /** One line of the error summary: the field's label and what is wrong. */
    public record Entry(String field, String label, String message) {
    }

    /** The messages of a failed write, or the failure itself when it is not a user error. */
    public static FormErrors from(Throwable failure) {
        if (failure instanceof InvalidFields all) {
            Map<String, String> fields = new LinkedHashMap<>();
            String general = null;
            for (FieldProblem problem : all.problems()) {
                if (problem.field() == null) {
                    general = general == null ? problem.problem() : general;
                } else {
                    fields.merge(problem.field(), problem.problem(), (a, b) -> a + "; " + b);
                }
            }
            return new FormErrors(fields, general, all.code());
        }
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
                FieldProblem problem = FieldProblem.of(violation);
                fields.merge(problem.field(), problem.problem(), (a, b) -> a + "; " + b);
                code = code == null ? problem.code() : code;
            }
            return new FormErrors(fields, null, code);
        }
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
        throw new IllegalStateException(failure);
    }

    /**
     * A save refused because the record changed after the form was filled ({@code precondition_failed}),
     * in the words of the page: what happened, that nothing was saved, what a second save does.
     *
     * @param what the record, e.g. "plugin" or "WhatsApp app"
     */
    public static FormErrors changedMeanwhile(String what, Map<String, String> saved) {
        Map<String, String> fields = new LinkedHashMap<>();
        saved.forEach((field, value) -> fields.put(field, "saved meanwhile: " + (value == null || value.isBlank() ? "(empty)"
                : "“" + value + "”")));
        return new FormErrors(fields, "Someone saved changes to this " + what + " after you opened this page, so yours"
                + " were not saved (they would have undone theirs). Your edits are still in the form; "
                + (saved.isEmpty() ? "no field differs from what is saved now." : "where the saved values now differ from"
                        + " your form, they are listed here and under each field.")
                + " Save again to replace the saved values with your form.",
                ErrorCodes.PRECONDITION_FAILED);
    }

    /**
     * The fields whose saved value ({@code current}) differs from the form's ({@code submitted}),
     * with the saved value; both maps keyed by the API's field names.
     */
    public static Map<String, String> differences(Map<String, String> current, Map<String, String> submitted) {
        Map<String, String> saved = new LinkedHashMap<>();
        current.forEach((field, value) -> {
            String mine = submitted.get(field);
            if (!normal(value).equals(normal(mine))) {
                saved.put(field, value);
            }
        });
        return saved;
    }

    private static String normal(String value) {
        return value == null ? "" : value.strip();
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

    /** Every invalid field with its label, in the forms' order, for the summary above the form. */
    public List<Entry> list() {
        List<String> order = List.copyOf(LABELS.keySet());
        return fields.entrySet().stream()
                .sorted(Comparator.comparingInt(e -> order.contains(e.getKey()) ? order.indexOf(e.getKey()) : order.size()))
                .map(e -> new Entry(e.getKey(), labelOf(e.getKey()), e.getValue()))
                .toList();
    }

    private static String labelOf(String field) {
        String label = LABELS.get(field);
        if (label != null) {
            return label;
        }
        return field.startsWith(ARGUMENT) ? field.substring(ARGUMENT.length()) : field;
    }
}
