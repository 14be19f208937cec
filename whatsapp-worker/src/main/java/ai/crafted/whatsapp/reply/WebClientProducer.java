package ai.crafted.whatsapp.reply;

import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;

/** One HTTP client for the gateway and the Graph API, with explicit timeouts and a bounded queue. */
public class WebClientProducer {

    @Produces
    @Singleton
    WebClient webClient(Vertx vertx) {
        return WebClient.create(vertx, new WebClientOptions().setConnectTimeout(5_000).setIdleTimeout(60)
                .setKeepAliveTimeout(3).setFollowRedirects(false).setMaxPoolSize(50).setMaxWaitQueueSize(500));
    }

    void close(@Disposes WebClient client) {
        client.close();
    }
}
