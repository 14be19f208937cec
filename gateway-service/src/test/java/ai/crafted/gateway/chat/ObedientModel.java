package ai.crafted.gateway.chat;

import static ai.crafted.testsupport.mcp.ScriptedUpstream.refusal;
import static ai.crafted.testsupport.mcp.ScriptedUpstream.text;
import static ai.crafted.testsupport.mcp.ScriptedUpstream.toolCalls;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import ai.crafted.testsupport.mcp.ScriptedUpstream;

/**
 * A scripted model that behaves as OpenAI's models do with the parameters the gateway's loop
 * must respect, decided by each request alone (so client libraries can send any sequence):
 * <ul>
 * <li>{@code tool_choice} {@code "required"} or a named function: it calls that tool (or the
 * first one offered) with {@code {"id":"42"}}, every time it is asked so;</li>
 * <li>after a tool result (with {@code auto}): it answers "The tool answered: …";</li>
 * <li>a user message "call &lt;tool&gt;" naming a tool offered (plugin or the client's), before any
 * tool result: it calls that tool with {@code {"id":"42"}};</li>
 * <li>a user message containing "refuse": a refusal; "rate limit" (first time per text): 429 with
 * {@code retry-after-ms}; "fail after the tool": calls the first tool with some content, then
 * fails with 503 {@code model_overloaded} (and {@code retry-after}, {@code x-should-retry: true})
 * once the tool result is in;</li>
 * <li>otherwise "Answered without tools." — with {@code logprobs} (one entry per word) when the
 * request asks for them; every answer has {@code system_fingerprint} and {@code service_tier},
 * and {@code n} choices when {@code n} is asked.</li>
 * </ul>
 */
final class ObedientModel implements Function<JsonNode, ObjectNode> {

    static final String FINGERPRINT = "fp_scripted_7";
    static final String TIER = "default";

    private final Set<String> rateLimited = ConcurrentHashMap.newKeySet();

    @Override
    public ObjectNode apply(JsonNode request) {
        JsonNode messages = request.path("messages");
        JsonNode last = messages.get(messages.size() - 1);
        String user = lastUserText(messages);
        JsonNode choice = request.path("tool_choice");
        boolean forced = "required".equals(choice.asText()) || "function".equals(choice.path("type").asText());
        ObjectNode answer;
        if (user.contains("rate limit") && rateLimited.add(user)) {
            answer = ScriptedUpstream.error(429, "Rate limit reached for requests");
            ((ObjectNode) answer.get("error")).put("type", "requests").put("code", "rate_limit_exceeded");
            answer.putObject("headers").put("retry-after-ms", "20").put("retry-after", "1");
            return answer;
        }
        String named = namedTool(request, user);
        if (named != null && !"tool".equals(last.path("role").asText())) {
            answer = toolCalls(named, "{\"id\":\"42\"}");
        } else if (forced) {
            String name = choice.path("function").path("name").asText(firstTool(request));
            answer = toolCalls(name, "{\"id\":\"42\"}");
        } else if ("tool".equals(last.path("role").asText())) {
            if (user.contains("fail after the tool")) {
                answer = ScriptedUpstream.error(503, "The model is overloaded");
                ((ObjectNode) answer.get("error")).put("code", "model_overloaded");
                answer.putObject("headers").put("retry-after", "1").put("x-should-retry", "true");
                return answer;
            }
            answer = words(request, "The tool answered: " + firstLine(last.path("content").asText()));
        } else if (user.contains("fail after the tool")) {
            answer = toolCalls(firstTool(request), "{\"id\":\"42\"}");
            ((ObjectNode) answer.at("/choices/0/message")).put("content", "Checking. ");
        } else if (user.contains("refuse")) {
            answer = refusal("I can't help with that.");
        } else {
            answer = words(request, "Answered without tools.");
        }
        answer.put("system_fingerprint", FINGERPRINT).put("service_tier", TIER);
        // n > 1: as many choices, indexed, each the same answer.
        ArrayNode choices = (ArrayNode) answer.path("choices");
        for (int i = 1; i < request.path("n").asInt(1) && choices.size() > 0; i++) {
            choices.add(((ObjectNode) choices.get(0)).deepCopy().put("index", i));
        }
        return answer;
    }

    /** A text answer; with {@code logprobs} asked, one logprob entry per word (token). */
    private static ObjectNode words(JsonNode request, String content) {
        ObjectNode answer = text(content);
        if (request.path("logprobs").asBoolean(false)) {
            ObjectNode logprobs = ((ObjectNode) answer.at("/choices/0")).putObject("logprobs");
            logprobs.putNull("refusal");
            ArrayNode tokens = logprobs.putArray("content");
            for (String word : content.split("(?<= )")) {
                ObjectNode token = tokens.addObject().put("token", word).put("logprob", -0.25);
                ArrayNode bytes = token.putArray("bytes");
                for (byte b : word.getBytes(StandardCharsets.UTF_8)) {
                    bytes.add(b & 0xff);
                }
                token.putArray("top_logprobs");
            }
        }
        return answer;
    }

    /** The offered tool a user text asks for with "call <name>", or null. */
    private static String namedTool(JsonNode request, String user) {
        for (JsonNode tool : request.path("tools")) {
            String name = tool.path("function").path("name").asText();
            if (!name.isEmpty() && user.contains("call " + name)) {
                return name;
            }
        }
        return null;
    }

    private static String firstTool(JsonNode request) {
        return request.path("tools").path(0).path("function").path("name").asText("no_tool_offered");
    }

    private static String lastUserText(JsonNode messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if ("user".equals(messages.get(i).path("role").asText())) {
                return messages.get(i).path("content").isTextual() ? messages.get(i).path("content").asText()
                        : messages.get(i).path("content").toString();
            }
        }
        return "";
    }

    private static String firstLine(String text) {
        String line = text.strip().split("\n", 2)[0];
        return line.length() > 60 ? line.substring(0, 60) : line;
    }
}
