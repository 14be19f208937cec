package ai.crafted.gateway.chat;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import ai.crafted.gateway.tools.ToolSet;
import ai.crafted.tools.compiler.ToolsArrays.Omitted;

/**
 * {@code tool_choice} in the server-side tool loop, applied the way OpenAI's own agent runners
 * apply it (openai-agents' {@code reset_tool_choice}, on by default): the client's choice holds
 * for the <b>first round only</b>; once the gateway has run the tools of a round, later rounds
 * are asked with {@code "auto"}. Re-sending {@code "required"} or a named function would make a
 * model that obeys it call a tool every round until {@code gateway.max-tool-rounds}, and the
 * client would get an empty answer cut off with {@code finish_reason: "length"}. {@code "none"}
 * stays {@code "none"}; {@code allowed_tools} keeps its list and turns its mode to {@code auto}.
 *
 * <p>Before the first round: a string other than {@code none}, {@code auto} or {@code required}
 * and a named function that is not one of the injected tools are refused (400
 * {@code invalid_value}, param {@code tool_choice}, naming the reason when the tool was left out),
 * and so is a choice that demands a call when no tool could be offered (every tool left out);
 * otherwise, with no tool offered, {@code tool_choice} and {@code parallel_tool_calls} are removed,
 * since OpenAI refuses both without {@code tools}.
 */
public final class ToolChoice {

    static final String FIELD = "tool_choice";
    private static final Set<String> MODES = Set.of("none", "auto", "required");

    private ToolChoice() {
    }

    /** What is wrong with the request's {@code tool_choice} for these injected tools, if anything. */
    public static Optional<ChatRequestChecks.Violation> check(ObjectNode request, ToolSet tools) {
        JsonNode choice = request.get(FIELD);
        if (choice == null || choice.isNull()) {
            return Optional.empty();
        }
        if (choice.isTextual()) {
            if (!MODES.contains(choice.asText())) {
                return violation("'tool_choice' must be none, auto, required or an object naming a tool, not '"
                        + StreamedChat.cut(choice.asText(), 100) + "'");
            }
            return choice.asText().equals("required") ? nothingToCall(tools) : Optional.empty();
        }
        if (!choice.isObject()) {
            return violation("'tool_choice' must be a string or an object");
        }
        String type = choice.path("type").isTextual() ? choice.get("type").asText() : "";
        if (type.equals("allowed_tools")) {
            JsonNode allowed = choice.path("allowed_tools");
            if (!allowed.isObject() || !allowed.path("tools").isArray() || !Set.of("auto", "required").contains(allowed.path("mode").asText())) {
                return violation("'tool_choice.allowed_tools' must be an object with mode auto or required and a tools array");
            }
            return "required".equals(allowed.path("mode").asText()) ? nothingToCall(tools) : Optional.empty();
        }
        if (type.equals("custom")) {
            return choice.path("custom").path("name").isTextual() ? Optional.empty()
                    : violation("'tool_choice.custom' must be an object with a name");
        }
        if (!type.equals("function")) {
            return violation("'tool_choice.type' must be function, allowed_tools or custom");
        }
        String name = choice.path("function").path("name").asText("");
        if (tools.offers(name)) {
            return Optional.empty();
        }
        String why = tools.omitted().stream().filter(o -> o.name().equals(name)).map(Omitted::reason).findFirst()
                .map(reason -> "was left out of this request: " + reason)
                .orElse("is not one of the plugin tools offered to this request (their names are plugin slug, two underscores, tool name)");
        return violation("'tool_choice' names the function '" + StreamedChat.cut(name, 100) + "', which " + why);
    }

    /** A choice that demands a call is refused when every tool was left out. */
    private static Optional<ChatRequestChecks.Violation> nothingToCall(ToolSet tools) {
        if (!tools.openAiTools().isEmpty()) {
            return Optional.empty();
        }
        return violation("'tool_choice' demands a tool call, but no plugin tool could be offered to this request: "
                + tools.omitted().stream().map(o -> o.name() + " (" + o.reason() + ")").collect(Collectors.joining("; ")));
    }

    /** Before the first round: removes what a provider refuses when no tool is sent. */
    public static void fitToOffer(ObjectNode request, ToolSet tools) {
        if (tools.openAiTools().isEmpty()) {
            request.remove(FIELD);
            request.remove("parallel_tool_calls");
        }
    }

    /** After a round whose tool calls the gateway ran: the next rounds are asked with {@code auto}. */
    static void afterToolRound(ObjectNode request) {
        JsonNode choice = request.get(FIELD);
        if (choice == null || choice.isNull() || choice.isTextual() && choice.asText().equals("none")) {
            return;
        }
        if (choice.isObject() && "allowed_tools".equals(choice.path("type").asText())
                && choice.path("allowed_tools") instanceof ObjectNode allowed) {
            allowed.put("mode", "auto");
            return;
        }
        request.put(FIELD, "auto");
    }

    private static Optional<ChatRequestChecks.Violation> violation(String message) {
        return Optional.of(new ChatRequestChecks.Violation(message, "invalid_value", FIELD));
    }
}
