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

    public Uni<Void> sendText(WhatsAppApp app, String to, String body) {
        JsonObject message = new JsonObject().put("messaging_product", "whatsapp").put("recipient_type", "individual")
                .put("to", to).put("type", "text").put("text", new JsonObject().put("preview_url", false).put("body", body));
        String url = Urls.withoutTrailingSlash(config.graph().baseUrl()) + "/" + config.graph().apiVersion() + "/" + app.phoneNumberId() + "/messages";
        return client.postAbs(url)
                .bearerTokenAuthentication(app.accessToken())
                .timeout(config.retry().graphTimeout().toMillis())
                .sendJsonObject(message)
                .onFailure().transform(e -> new ReplyFailure("Graph API unreachable: " + e.getMessage(), e))
                .invoke(response -> {
                    if (response.statusCode() / 100 != 2) {
                        throw new ReplyFailure("Graph API answered HTTP " + response.statusCode() + ": " + response.bodyAsString());
                    }
                })
                .replaceWithVoid();
    }

    /** WhatsApp text bodies are limited: split longer replies, preferring line and word breaks. */
    static List<String> split(String text, int limit) {
        List<String> parts = new ArrayList<>();
        String rest = text;
        while (rest.length() > limit) {
            int cut = rest.lastIndexOf('\n', limit);
            if (cut < limit / 2) {
                cut = rest.lastIndexOf(' ', limit);
            }
            if (cut < limit / 2) {
                cut = limit;
            }
            parts.add(rest.substring(0, cut).stripTrailing());
            rest = rest.substring(cut).stripLeading();
        }
        if (!rest.isEmpty()) {
            parts.add(rest);
        }
        return parts;
    }

}
