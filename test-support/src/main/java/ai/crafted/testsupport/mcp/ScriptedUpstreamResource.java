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

    /** The model of the upstream {@code native} ({@code responses-api=true}), listed first by {@code /v1/models}. */
    public static final String NATIVE_MODEL = "native-model";

    @Override
    public Map<String, String> start() {
        // The model "native-model": the same provider, said to serve the Responses API itself.
        return Map.of("gateway.upstreams.default.base-url", upstream().baseUrl(),
                "gateway.upstreams.default.api-key", "upstream-test-key",
                "gateway.upstreams.native.base-url", upstream().baseUrl(),
                "gateway.upstreams.native.api-key", "upstream-test-key",
                "gateway.upstreams.native.models", NATIVE_MODEL,
                "gateway.upstreams.native.responses-api", "true");
    }

    @Override
    public void stop() {
        // Shared by the test classes of the JVM, like the broker.
    }
}
