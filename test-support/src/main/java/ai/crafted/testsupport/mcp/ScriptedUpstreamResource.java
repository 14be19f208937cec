package ai.crafted.testsupport.mcp;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;

/** Starts a {@link ScriptedUpstream} and points the gateway's default upstream at it. */
public class ScriptedUpstreamResource implements QuarkusTestResourceLifecycleManager {

    private static Vertx vertx;
    private static ScriptedUpstream upstream;

    public static synchronized ScriptedUpstream upstream() {
        if (upstream == null) {
            vertx = Vertx.vertx();
            upstream = ScriptedUpstream.start(vertx);
        }
        return upstream;
    }

    @Override
    public Map<String, String> start() {
        return Map.of("gateway.upstreams.default.base-url", upstream().baseUrl(),
                "gateway.upstreams.default.api-key", "upstream-test-key");
    }

    @Override
    public void stop() {
        // Shared by the test classes of the JVM, like the broker.
    }
}
