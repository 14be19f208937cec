package ai.crafted.whatsapp.reply;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.ext.web.client.WebClient;

import ai.crafted.whatsapp.app.WhatsAppApp;
import ai.crafted.whatsapp.config.WorkerConfig;

/** Sends text replies with the WhatsApp Cloud API: {@code POST /{version}/{phone-number-id}/messages}. */
@ApplicationScoped
public class GraphApiClient {

    private final WebClient client;
    private final WorkerConfig config;

    public GraphApiClient(WebClient client, WorkerConfig config) {
        this.client = client;
        this.config = config;
    }

    /**
     * Sends one text message and returns the id WhatsApp gave it ({@code messages[0].id}, null if
     * the answer has none). The customer is addressed by phone number ({@code to}) when known, as
     * Meta recommends, else by business-scoped user id ({@code recipient}).
     *
     * @param phone           the customer's phone number, or null
     * @param userId          the customer's business-scoped user id, used when {@code phone} is null
     * @param replyToWamid    the customer's message this one answers ({@code context.message_id}), or null
     * @throws GraphSendFailure (as the Uni's failure) for a non-2xx answer or no answer, classified
     */
    public Uni<String> sendText(WhatsAppApp app, String phone, String userId, String body, String replyToWamid) {
        JsonObject message = new JsonObject().put("messaging_product", "whatsapp").put("recipient_type", "individual");
        if (phone != null && !phone.isBlank()) {
            message.put("to", phone);
        } else {
            message.put("recipient", userId);
        }
        message.put("type", "text").put("text", new JsonObject().put("preview_url", false).put("body", body));
        if (replyToWamid != null) {
            message.put("context", new JsonObject().put("message_id", replyToWamid));
        }
        String url = Urls.withoutTrailingSlash(config.graph().baseUrl()) + "/" + config.graph().apiVersion() + "/" + app.phoneNumberId() + "/messages";
        return client.postAbs(url)
                .bearerTokenAuthentication(app.accessToken())
                .timeout(config.retry().graphTimeout().toMillis())
                .sendJsonObject(message)
                .onFailure().transform(GraphSendFailure::unreachable)
                .map(response -> {
                    if (response.statusCode() / 100 != 2) {
                        throw GraphSendFailure.answered(response.statusCode(), response.bodyAsString());
                    }
                    try {
                        return response.bodyAsJsonObject().getJsonArray("messages").getJsonObject(0).getString("id");
                    } catch (RuntimeException e) {
                        return null; // sent; only the id is unknown
                    }
                });
    }

    /**
     * WhatsApp text bodies are limited to {@code limit} characters (UTF-16 units, which never
     * undercounts): longer replies are split, preferring a line break, then a space, in the second
     * half of the part, and never inside a grapheme cluster (an emoji with its modifiers and
     * joiners, a flag, a letter with its combining marks), found with the regex {@code \X}.
     */
    public static List<String> split(String text, int limit) {
        List<String> parts = new ArrayList<>();
        String rest = text;
        while (rest.length() > limit) {
            int cut = cutPoint(rest, limit);
            parts.add(rest.substring(0, cut).stripTrailing());
            rest = rest.substring(cut).stripLeading();
        }
        if (!rest.isEmpty()) {
            parts.add(rest);
        }
        return parts;
    }

    /** The first part {@link #split} would make of a text longer than {@code limit}. */
    static String firstPart(String text, int limit) {
        return text.substring(0, cutPoint(text, limit)).stripTrailing();
    }

    private static final java.util.regex.Pattern GRAPHEME = java.util.regex.Pattern.compile("\\X");

    /** The last grapheme boundary at most {@code limit}, preferring one before a line break or a space in the second half. */
    private static int cutPoint(String text, int limit) {
        int lastBoundary = 0;
        int lastNewline = -1;
        int lastSpace = -1;
        java.util.regex.Matcher grapheme = GRAPHEME.matcher(text);
        while (grapheme.find() && grapheme.end() <= limit) {
            String cluster = grapheme.group();
            if (cluster.startsWith("\n") || cluster.startsWith("\r")) {
                lastNewline = grapheme.start();
            } else if (cluster.equals(" ")) {
                lastSpace = grapheme.start();
            }
            lastBoundary = grapheme.end();
        }
        if (lastNewline >= limit / 2) {
            return lastNewline;
        }
        if (lastSpace >= limit / 2) {
            return lastSpace;
        }
        // One cluster longer than the limit (thousands of combining marks): cut it at a code point.
        if (lastBoundary == 0) {
            return Character.isHighSurrogate(text.charAt(limit - 1)) ? limit - 1 : limit;
        }
        return lastBoundary;
    }
}
