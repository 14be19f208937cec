package ai.crafted.gateway.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

    /** Upstream model rounds per request before the loop stops (finish_reason "length"). */
    @WithDefault("5")
    int maxToolRounds();

    /** The model APIs accept at most this many tools per request; the rest are left out and named. */
    @WithDefault("128")
    int maxInjectedTools();

    /** SSE comment interval while tools run server-side on a streaming request. */
    @WithDefault("PT5S")
    Duration keepaliveInterval();

    /** Upstream call timeout (one model round). */
    @WithDefault("PT120S")
    Duration upstreamTimeout();

    /** OpenAI-compatible providers by name; a request goes to the first whose models match. */
    Map<String, Upstream> upstreams();

    interface Upstream {
        /** e.g. https://api.openai.com/v1 (the gateway appends /chat/completions). */
        String baseUrl();

        Optional<String> apiKey();

        /** Model names served; "*" matches any, "gpt-*" a prefix. */
        @WithDefault("*")
        List<String> models();

        /** Connections to this upstream; waiting requests beyond the queue fail fast. */
        @WithDefault("100")
        int maxConnections();
    }

}
