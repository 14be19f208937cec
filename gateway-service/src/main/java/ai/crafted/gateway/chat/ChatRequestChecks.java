package ai.crafted.gateway.chat;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The shape of a chat completions request, checked before anything is sent to a provider: a
 * malformed request gets 400 {@code invalid_request_error} naming the parameter instead of
 * reaching a provider that may crash on it (one OpenAI-compatible server answered 500 to
 * {@code messages: [null]}). The rules are those of OpenAI's API reference for
 * {@code POST /v1/chat/completions} that hold for every provider; the content of messages is
 * the provider's to judge.
 *
 * <p>Codes (OpenAI's own where it has one): {@code missing_required_parameter},
 * {@code invalid_type}, {@code empty_array}, {@code invalid_value}; {@code param} is the
 * parameter's path, e.g. {@code messages[2].role}.
 */
public final class ChatRequestChecks {

    /** Roles OpenAI's chat completions API accepts ({@code function} is its deprecated form of {@code tool}). */
    static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool", "function");

    /** What is wrong with a request: the sentence, the code and the parameter path. */
    public record Violation(String message, String code, String param) {
    }

    private ChatRequestChecks() {
    }

    /** The first violation in reading order, or empty when the request may be sent. */
    public static Optional<Violation> check(ObjectNode request) {
        JsonNode model = request.get("model");
        if (model == null || model.isNull()) {
            return missing("model");
        }
        if (!model.isTextual()) {
            return wrongType("model", "a string", model);
        }
        if (model.asText().isBlank()) {
            return Optional.of(new Violation("'model' must not be empty", "invalid_value", "model"));
        }
        Optional<Violation> messages = checkMessages(request.get("messages"));
        if (messages.isPresent()) {
            return messages;
        }
        return optional(request, "stream", JsonNodeType.BOOLEAN, "a boolean")
                .or(() -> optional(request, "stream_options", JsonNodeType.OBJECT, "an object"))
                .or(() -> request.path("stream_options").isObject()
                        ? optional((ObjectNode) request.get("stream_options"), "include_usage", JsonNodeType.BOOLEAN, "a boolean")
                                .map(v -> new Violation("'stream_options.include_usage' must be a boolean", v.code(),
                                        "stream_options.include_usage"))
                        : Optional.empty())
                .or(() -> checkN(request.get("n")))
                .or(() -> checkTools(request.get("tools")));
    }

    /** {@code n}: an integer from 1 to 128 (OpenAI's range). */
    private static Optional<Violation> checkN(JsonNode n) {
        if (n == null || n.isNull()) {
            return Optional.empty();
        }
        if (!n.isIntegralNumber()) {
            return wrongType("n", "an integer", n);
        }
        return n.canConvertToInt() && n.asInt() >= 1 && n.asInt() <= 128 ? Optional.empty()
                : Optional.of(new Violation("'n' must be from 1 to 128", "invalid_value", "n"));
    }

    private static Optional<Violation> checkMessages(JsonNode messages) {
        if (messages == null || messages.isNull()) {
            return missing("messages");
        }
        if (!messages.isArray()) {
            return wrongType("messages", "an array", messages);
        }
        if (messages.isEmpty()) {
            return Optional.of(new Violation("'messages' must contain at least one message", "empty_array", "messages"));
        }
        for (int i = 0; i < messages.size(); i++) {
            String param = "messages[" + i + "]";
            JsonNode message = messages.get(i);
            if (!message.isObject()) {
                return wrongType(param, "an object", message);
            }
            JsonNode role = message.get("role");
            if (role == null || role.isNull()) {
                return missing(param + ".role");
            }
            if (!role.isTextual()) {
                return wrongType(param + ".role", "a string", role);
            }
            if (!ROLES.contains(role.asText())) {
                return Optional.of(new Violation("'" + param + ".role' must be one of " + String.join(", ", ROLES.stream().sorted().toList()),
                        "invalid_value", param + ".role"));
            }
            JsonNode content = message.get("content");
            if (content != null && !content.isNull() && !content.isTextual() && !content.isArray()) {
                return wrongType(param + ".content", "a string or an array of content parts", content);
            }
        }
        return Optional.empty();
    }

    private static Optional<Violation> checkTools(JsonNode tools) {
        if (tools == null || tools.isNull()) {
            return Optional.empty();
        }
        if (!tools.isArray()) {
            return wrongType("tools", "an array", tools);
        }
        for (int i = 0; i < tools.size(); i++) {
            if (!tools.get(i).isObject()) {
                return wrongType("tools[" + i + "]", "an object", tools.get(i));
            }
        }
        return Optional.empty();
    }

    private static Optional<Violation> optional(ObjectNode request, String field, JsonNodeType type, String expected) {
        JsonNode value = request.get(field);
        return value == null || value.isNull() || value.getNodeType() == type ? Optional.empty() : wrongType(field, expected, value);
    }

    private static Optional<Violation> missing(String param) {
        return Optional.of(new Violation("'" + param + "' is required", "missing_required_parameter", param));
    }

    private static Optional<Violation> wrongType(String param, String expected, JsonNode actual) {
        return Optional.of(new Violation("'" + param + "' must be " + expected + ", not " + actual.getNodeType().name()
                .toLowerCase(Locale.ROOT), "invalid_type", param));
    }
}
