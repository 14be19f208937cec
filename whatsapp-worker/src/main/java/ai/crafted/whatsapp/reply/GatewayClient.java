package ai.crafted.whatsapp.reply;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.ext.web.client.WebClient;

import ai.crafted.whatsapp.app.WhatsAppApp;
import ai.crafted.whatsapp.config.WorkerConfig;

/**
 * Asks the gateway for the assistant's answer, as the app's organisation (its own API key), with
 * the app's model and prompt and only the plugins selected for WhatsApp.
 */
@ApplicationScoped
public class GatewayClient {

    private final WebClient client;
    private final WorkerConfig config;

    public GatewayClient(WebClient client, WorkerConfig config) {
        this.client = client;
        this.config = config;
    }

    public Uni<String> answer(WhatsAppApp app, List<ConversationStore.Turn> history, String text) {
        JsonArray messages = new JsonArray();
        if (app.systemPrompt() != null && !app.systemPrompt().isBlank()) {
            messages.add(new JsonObject().put("role", "system").put("content", app.systemPrompt()));
        }
        history.forEach(turn -> messages.add(new JsonObject().put("role", turn.role()).put("content", turn.text())));
        messages.add(new JsonObject().put("role", "user").put("content", text));
        JsonObject request = new JsonObject().put("model", app.model()).put("messages", messages)
                .put("plugins", new JsonArray(app.mcpPluginIds().stream().map(Object::toString).toList()));
        return client.postAbs(Urls.withoutTrailingSlash(config.gatewayUrl()) + "/v1/chat/completions")
                .bearerTokenAuthentication(app.gatewayApiKey())
                .timeout(config.retry().gatewayTimeout().toMillis())
                .sendJsonObject(request)
                .onFailure().transform(e -> new ReplyFailure("gateway unreachable: " + e.getMessage(), e))
                .map(response -> {
                    if (response.statusCode() != 200) {
                        throw new ReplyFailure("gateway answered HTTP " + response.statusCode() + ": " + response.bodyAsString());
                    }
                    String content = response.bodyAsJsonObject().getJsonArray("choices").getJsonObject(0)
                            .getJsonObject("message").getString("content");
                    if (content == null || content.isBlank()) {
                        throw new ReplyFailure("gateway answered without text");
                    }
                    return content;
                });
    }

}
