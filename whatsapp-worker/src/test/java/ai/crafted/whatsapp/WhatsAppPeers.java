package ai.crafted.whatsapp;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;

import ai.crafted.testsupport.mcp.FakeGraphApi;
import ai.crafted.testsupport.mcp.ScriptedUpstream;

/** The worker's peers in tests: a stub gateway (OpenAI-compatible, scripted) and a fake Graph API. */
public class WhatsAppPeers implements QuarkusTestResourceLifecycleManager {

    private static Vertx vertx;
    private static ScriptedUpstream gateway;
    private static FakeGraphApi graph;

    static synchronized void ensureStarted() {
        if (vertx == null) {
            vertx = Vertx.vertx();
            gateway = ScriptedUpstream.start(vertx);
            graph = FakeGraphApi.start(vertx);
        }
    }

    public static ScriptedUpstream gateway() {
        ensureStarted();
        return gateway;
    }

    public static FakeGraphApi graph() {
        ensureStarted();
        return graph;
    }

    @Override
    public Map<String, String> start() {
        ensureStarted();
        return Map.of("whatsapp.gateway-url", gateway.baseUrl().replace("/v1", ""),
                "whatsapp.graph.base-url", graph.baseUrl());
    }

    @Override
    public void stop() {
        // shared by the module's test classes
    }
}
