package ai.crafted.gateway.chat;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import ai.crafted.events.ApprovalUpdatedEvent;
import ai.crafted.events.ToolRef;
import ai.crafted.http.CanonicalUuid;

/**
 * Our extensions of the chat request body besides {@code plugins}, taken out of the request
 * before it goes to the provider (README "Approvals" and "Tool allowlists"):
 * <ul>
 * <li>{@code allowed_tools}: {@code [{"plugin": "<integration id>", "name": "<MCP tool name>"}]},
 * at most {@value #MAX_ALLOWED_TOOLS}: only these tools are offered (within the API key's own
 * allowlist); an entry naming a plugin the request does not get allows nothing;</li>
 * <li>{@code conversation}: a string of 1 to {@value #MAX_CONVERSATION} characters without
 * control characters that approvals asked for in this request are bound to;</li>
 * <li>{@code surface}: {@code "api"} (default) or {@code "whatsapp"}, shown to approvers;</li>
 * <li>{@code approvals}: approval ids (canonical UUIDs) that resume a turn that waited for approval.</li>
 * </ul>
 *
 * @param allowedTools null when the request gave none
 */
record RequestExtensions(Set<ToolRef> allowedTools, String conversation, String surface, List<UUID> approvals) {

    static final String ALLOWED_TOOLS = "allowed_tools";
    static final String CONVERSATION = "conversation";
    static final String SURFACE = "surface";
    static final String APPROVALS = "approvals";
    static final int MAX_ALLOWED_TOOLS = 500;
    static final int MAX_CONVERSATION = 128;
    static final int MAX_TOOL_NAME = 128;

    /** A field that is not what it must be: the OpenAI error's message, code and param. */
    static final class Invalid extends RuntimeException {
        final String code;
        final String param;

        Invalid(String message, String code, String param) {
            super(message, null, false, false);
            this.code = code;
            this.param = param;
        }
    }

    /** Whether the request had any of these fields (its bytes are then not sent as they came). */
    boolean present() {
        return allowedTools != null || conversation != null || surface != null || !approvals.isEmpty();
    }

    /** The surface to record; {@code api} when the request named none. */
    String surfaceOrDefault() {
        return surface == null ? ApprovalUpdatedEvent.SURFACE_API : surface;
    }

    /**
     * Removes the fields from {@code request} and reads them.
     *
     * @param maxApprovals at most this many ids in {@code approvals}
     * @throws Invalid with code {@code invalid_allowed_tools}, {@code invalid_conversation},
     *                 {@code invalid_surface} or {@code invalid_approvals}
     */
    static RequestExtensions take(ObjectNode request, int maxApprovals) {
        JsonNode allowed = request.remove(ALLOWED_TOOLS);
        JsonNode conversation = request.remove(CONVERSATION);
        JsonNode surface = request.remove(SURFACE);
        JsonNode approvals = request.remove(APPROVALS);
        return new RequestExtensions(allowedTools(allowed), conversation(conversation), surface(surface),
                approvals(approvals, maxApprovals));
    }

    private static Set<ToolRef> allowedTools(JsonNode field) {
        if (field == null || field.isNull()) {
            return null;
        }
        if (!field.isArray() || field.size() > MAX_ALLOWED_TOOLS) {
            throw new Invalid("'allowed_tools' must be an array of at most " + MAX_ALLOWED_TOOLS
                    + " objects {\"plugin\": \"<plugin id>\", \"name\": \"<tool name>\"}", "invalid_allowed_tools", ALLOWED_TOOLS);
        }
        Set<ToolRef> tools = new LinkedHashSet<>();
        for (int i = 0; i < field.size(); i++) {
            JsonNode entry = field.get(i);
            String param = ALLOWED_TOOLS + "[" + i + "]";
            Optional<UUID> plugin = CanonicalUuid.parse(entry.path("plugin").isTextual() ? entry.path("plugin").asText() : null);
            JsonNode name = entry.path("name");
            if (!entry.isObject() || entry.size() != 2 || plugin.isEmpty() || !name.isTextual() || !validText(name.asText(), MAX_TOOL_NAME)) {
                throw new Invalid("each entry of 'allowed_tools' must be {\"plugin\": \"<plugin id>\", \"name\": \"<tool name>\"}"
                        + " with a name of 1 to " + MAX_TOOL_NAME + " characters and nothing else", "invalid_allowed_tools", param);
            }
            tools.add(new ToolRef(plugin.get(), name.asText()));
        }
        return tools;
    }

    private static String conversation(JsonNode field) {
        if (field == null || field.isNull()) {
            return null;
        }
        if (!field.isTextual() || !validText(field.asText(), MAX_CONVERSATION)) {
            throw new Invalid("'conversation' must be a string of 1 to " + MAX_CONVERSATION + " characters without control characters",
                    "invalid_conversation", CONVERSATION);
        }
        return field.asText();
    }

    private static String surface(JsonNode field) {
        if (field == null || field.isNull()) {
            return null;
        }
        String value = field.isTextual() ? field.asText() : "";
        if (!value.equals(ApprovalUpdatedEvent.SURFACE_API) && !value.equals(ApprovalUpdatedEvent.SURFACE_WHATSAPP)) {
            throw new Invalid("'surface' must be \"api\" or \"whatsapp\"", "invalid_surface", SURFACE);
        }
        return value;
    }

    private static List<UUID> approvals(JsonNode field, int max) {
        if (field == null || field.isNull()) {
            return List.of();
        }
        if (!field.isArray() || field.isEmpty() || field.size() > max) {
            throw new Invalid("'approvals' must be an array of 1 to " + max + " approval ids", "invalid_approvals", APPROVALS);
        }
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < field.size(); i++) {
            JsonNode item = field.get(i);
            Optional<UUID> id = CanonicalUuid.parse(item.isTextual() ? item.asText() : null);
            if (id.isEmpty()) {
                throw new Invalid("'approvals' must hold approval ids (UUIDs as strings)", "invalid_approvals", APPROVALS + "[" + i + "]");
            }
            if (!ids.contains(id.get())) {
                ids.add(id.get());
            }
        }
        return List.copyOf(ids);
    }

    /**
     * 1 to {@code max} UTF-16 units of well-formed text without control, bidirectional-override or
     * invisible format characters (an approver reads these values: nothing may hide or reorder
     * what they say), and without unpaired surrogates (which would be stored as another text).
     */
    private static boolean validText(String text, int max) {
        if (text.isEmpty() || text.length() > max) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
                continue;
            }
            if (Character.isSurrogate(c) || Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
                    || c == 0x2028 || c == 0x2029) {
                return false;
            }
        }
        return true;
    }
}
