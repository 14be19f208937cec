package ai.crafted.whatsapp.reply;

import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;

import ai.crafted.whatsapp.config.WorkerConfig;

/** One HTTP client for the gateway and the Graph API, with explicit timeouts and a bounded queue. */
public class WebClientProducer {

    @Produces
    @Singleton
    WebClient webClient(Vertx vertx, WorkerConfig config) {
        WorkerConfig.Http http = config.http();
        return WebClient.create(vertx, new WebClientOptions()
                .setConnectTimeout((int) http.connectTimeout().toMillis())
                .setIdleTimeout((int) http.idleTimeout().toSeconds())
                .setKeepAliveTimeout((int) http.keepAliveTimeout().toSeconds())
                .setFollowRedirects(false).setMaxPoolSize(50).setMaxWaitQueueSize(500));
    }

    void close(@Disposes WebClient client) {
        client.close();
    }
}
