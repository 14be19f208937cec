package ai.crafted.gateway.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import ai.crafted.secrets.AuthLimitConfig;

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

    /**
     * How long the model list a wildcard provider answers to {@code GET /models} is reused by
     * {@code GET /v1/models}.
     */
    @WithDefault("PT5M")
    Duration modelsCacheTtl();

    /** Limits of the gateway's own HTTP server ({@code gateway.http.*}). */
    Server http();

    interface Server {
        /** Largest request body, in bytes (10 MiB: room for inline images); larger ones get 413. */
        @WithDefault("10485760")
        long maxBodyBytes();

        /** A declared request body not fully received this long after the request started gets 408. */
        @WithDefault("PT30S")
        Duration bodyTimeout();
    }

    /** OpenAI-compatible providers by name; a request goes to the first whose models match. */
    Map<String, Upstream> upstreams();

    /** Bounds on what tool results cost the model ({@code gateway.tool-results.*}). */
    ToolResults toolResults();

    /** Approvals of tool calls that need a human's approval ({@code gateway.approvals.*}, README "Approvals"). */
    Approvals approvals();

    interface Approvals {
        /** How long an approval request can be decided and then used, from when the model asked. */
        @WithDefault("PT15M")
        Duration ttl();

        /** How often approvals past their expiry are marked expired (and the event sent). */
        @WithDefault("PT30S")
        Duration expiryInterval();

        /** At most this many approvals a request may carry in {@code approvals}. */
        @WithDefault("32")
        int maxCarried();
    }

    interface ToolResults {
        /** Largest tool result passed to the model, in characters; longer ones are cut with a note. */
        @WithDefault("65536")
        int maxChars();

        /** Largest sum of the results of one round's tool calls, in characters, shared fairly among them. */
        @WithDefault("262144")
        int maxRoundChars();
    }

    /**
     * Provider response headers passed on to the client, on answers, errors and streams alike
     * (names are case-insensitive; a trailing {@code *} matches a prefix): the provider's request
     * id for support tracing, and the rate-limit and retry headers the OpenAI SDKs back off by
     * ({@code retry-after}, {@code retry-after-ms}, {@code x-should-retry}). The provider account
     * is shared by every organisation: drop {@code x-ratelimit-*} to keep its quota to yourself;
     * {@code none} passes no header. No other provider header ever reaches a client (cookies,
     * the provider's organisation id).
     */
    @WithDefault("x-request-id,openai-processing-ms,retry-after,retry-after-ms,x-should-retry,x-ratelimit-*")
    List<String> providerHeaders();

    /** What {@code /v1/responses} keeps ({@code gateway.responses.*}). */
    Responses responses();

    /**
     * Responses kept for {@code GET /v1/responses/{id}}, {@code previous_response_id} and
     * {@code item_reference} (unless the request says {@code "store": false}): in this instance's
     * memory, for a while, within a size budget; the oldest go first when it is full.
     */
    interface Responses {
        /** How long a stored response is kept after it was created. */
        @WithDefault("PT1H")
        Duration retention();

        /** Bytes of stored responses (their JSON) one instance keeps at most, all organisations together. */
        @WithDefault("67108864")
        long maxStoredBytes();

        /** Bytes of stored responses one organisation may hold at most (a share of the whole). */
        @WithDefault("16777216")
        long maxStoredBytesPerOrganization();

        /**
         * Bytes one stored response may take (its JSON, its conversation and input): a follow-up
         * parses the whole stored conversation, so this bounds what one small request can make
         * the gateway read. A larger response is not kept, and says so.
         */
        @WithDefault("4194304")
        long maxStoredBytesPerResponse();
    }

    /** Throttling of clients that present invalid API keys ({@code gateway.auth-limit.*}). */
    AuthLimitConfig authLimit();

    /** The HTTP client to the providers ({@code gateway.upstream-http.*}). */
    Http upstreamHttp();

    /**
     * Connection settings of this HTTP client. The keep-alive timeout stays below the 5 s that
     * Node.js servers use, so a pooled connection the server is about to close is not reused.
     */
    interface Http {
        @WithDefault("PT5S")
        Duration connectTimeout();

        /** A connection idle this long is closed. */
        @WithDefault("PT60S")
        Duration idleTimeout();

        @WithDefault("PT3S")
        Duration keepAliveTimeout();
    }

    interface Upstream {
        /** e.g. https://api.openai.com/v1 (the gateway appends /chat/completions). */
        String baseUrl();

        Optional<String> apiKey();

        /** Model names served; "*" matches any, "gpt-*" a prefix. */
        @WithDefault("*")
        List<String> models();

        /**
         * The provider's rules for function tools: {@code openai} (default), {@code openai-strict}
         * (functions sent with {@code "strict": true}), {@code anthropic} or {@code gemini} (their
         * OpenAI-compatible endpoints). Injected tools are sent in that profile's compiled form;
         * tools it cannot take are left out and named in {@code gateway.omittedTools}.
         */
        @WithDefault("openai")
        String toolProfile();

        /**
         * Whether the provider serves OpenAI's Responses API ({@code POST /responses}) itself. Then a
         * {@code /v1/responses} request the gateway adds no tools to goes to it as it is (its own
         * stored state, reasoning items and hosted tools included); one with plugin tools is
         * always run by the gateway's loop over chat completions. False: every Responses request
         * is translated to chat completions.
         */
        @WithDefault("false")
        boolean responsesApi();

        /** Connections to this upstream; waiting requests beyond the queue fail fast. */
        @WithDefault("100")
        int maxConnections();
    }

}
