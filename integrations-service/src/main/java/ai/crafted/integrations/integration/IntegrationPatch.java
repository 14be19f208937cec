package ai.crafted.integrations.integration;

import java.util.Iterator;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import ai.crafted.integrations.error.ApiException;
import ai.crafted.integrations.error.ErrorCodes;

/**
 * Applies a JSON merge patch (RFC 7396 semantics) to an integration's writable fields: absent
 * keeps, null clears. The slug and kind are identity and cannot change.
 */
final class IntegrationPatch {

    private static final Set<String> WRITABLE = Set.of("displayName", "description", "config", "credentialId");
    private static final Set<String> CONFIG_FIELDS = Set.of("endpoint", "transport", "timeoutMs");

    private IntegrationPatch() {
    }

    static IntegrationDraft apply(IntegrationEntity current, ObjectNode patch) {
        if (patch == null || patch.isEmpty()) {
            throw new ApiException(400, ErrorCodes.INVALID_REQUEST, "the PATCH body must change at least one field", null);
        }
        for (Iterator<String> names = patch.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (name.equals("slug") || name.equals("kind") || name.equals("id")) {
                throw ApiException.invalidConfig(name, name + " cannot be changed after installation");
            }
            if (!WRITABLE.contains(name)) {
                throw new ApiException(400, ErrorCodes.INVALID_REQUEST, "unknown field '" + name + "'", name);
            }
        }
        return new IntegrationDraft(current.kind, current.slug,
                text(patch, "displayName", current.displayName),
                text(patch, "description", current.description),
                config(current, patch.get("config")),
                uuid(patch, "credentialId", current.credentialId));
    }

    private static McpConfigDraft config(IntegrationEntity current, JsonNode config) {
        if (config == null) {
            return new McpConfigDraft(current.endpoint, current.transport, current.timeoutMs);
        }
        if (!config.isObject()) {
            throw ApiException.invalidConfig("config", "config must be an object");
        }
        for (Iterator<String> names = config.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!CONFIG_FIELDS.contains(name)) {
                throw new ApiException(400, ErrorCodes.INVALID_REQUEST, "unknown field 'config." + name + "'",
                        "config." + name);
            }
        }
        ObjectNode patch = (ObjectNode) config;
        return new McpConfigDraft(
                text(patch, "endpoint", current.endpoint, "config.endpoint"),
                text(patch, "transport", current.transport, "config.transport"),
                integer(patch, "timeoutMs", current.timeoutMs));
    }

    private static String text(ObjectNode node, String name, String current) {
        return text(node, name, current, name);
    }

    private static String text(ObjectNode node, String name, String current, String field) {
        if (!node.has(name)) {
            return current;
        }
        JsonNode value = node.get(name);
        if (value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw ApiException.invalidConfig(field, field + " must be a string");
        }
        return value.asText();
    }

    private static Integer integer(ObjectNode node, String name, Integer current) {
        if (!node.has(name)) {
            return current;
        }
        JsonNode value = node.get(name);
        if (value.isNull()) {
            return null;
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber()) {
            throw ApiException.invalidConfig("config." + name, "config." + name + " must be an integer");
        }
        return value.asInt();
    }

    private static UUID uuid(ObjectNode node, String name, UUID current) {
        String text = text(node, name, current == null ? null : current.toString());
        if (text == null) {
            return null;
        }
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidConfig(name, name + " must be a UUID");
        }
    }
}
