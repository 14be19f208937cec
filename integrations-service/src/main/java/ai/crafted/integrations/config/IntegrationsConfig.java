package ai.crafted.integrations.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import ai.crafted.secrets.AuthLimitConfig;

@ConfigMapping(prefix = "integrations")
public interface IntegrationsConfig {

    Endpoint endpoint();

    Credentials credentials();

    Refresh refresh();

    Ui ui();

    Http http();

    OAuth oauth();

    /** Throttling of clients that present invalid bearer tokens ({@code integrations.auth-limit.*}). */
    AuthLimitConfig authLimit();

    Usage usage();

    /** Approvals of tool calls ({@code integrations.approvals.*}). */
    Approvals approvals();

    /** Deciding approvals of tool calls: the gateway applies a decision and publishes the result. */
    interface Approvals {

        /**
         * How long an approve or deny call waits for the gateway's {@code approval-updated} showing
         * the decision before it answers 202 with the approval still pending (the decision is sent
         * and applied later).
         */
        @WithDefault("PT5S")
        Duration answerWait();

        /** How often due webhook deliveries of new pending approvals are looked for. */
        @WithDefault("PT2S")
        Duration webhookScanInterval();

        /**
         * The waits between a webhook's attempts (the first attempt is at once): after the last
         * one fails the delivery is given up (the Approvals page still shows the approval).
         */
        @WithDefault("PT5S,PT30S,PT2M,PT10M")
        List<Duration> webhookRetryDelays();

        /** How long one webhook POST may take, connection included. */
        @WithDefault("PT10S")
        Duration webhookTimeout();
    }

    /** Daily usage from the gateway's {@code usage-recorded} events ({@code integrations.usage.*}). */
    interface Usage {

        /**
         * How long an added event's id is kept to recognise a redelivery (they come within minutes);
         * records that occurred longer ago are skipped (a replay could count them twice), so it must
         * be longer than the {@code usage-recorded} topic's {@code retention.ms} (5 days in deploy/k8s).
         */
        @WithDefault("P7D")
        Duration dedupeRetention();

        /** The longest range {@code GET …/usage} answers, in days (from and to included). */
        @WithDefault("92")
        int maxRangeDays();

        /** The range when none is asked for, in days up to today (UTC); 1 to {@link #maxRangeDays()}, checked at startup. */
        @WithDefault("7")
        int defaultRangeDays();

        /**
         * The most surface-and-model rows a usage read lists (most requests first); the rest are
         * summed into one "other" row, so made-up model names cannot make an answer of any size.
         */
        @WithDefault("50")
        int maxModelRows();

        /** The most plugin tools a usage read lists (most calls first); totals still count every call. */
        @WithDefault("200")
        int maxToolRows();

        /**
         * The most surface-and-model rows stored per organisation and UTC day: a model first seen
         * after that counts under {@code (other models)}, so a client sending a new made-up model
         * name with each request (a wildcard upstream answers any) cannot grow the table without end.
         */
        @WithDefault("1000")
        int maxModelRowsPerDay();

        /**
         * How far in the future a record's {@code occurredAt} may be (clocks differ a little);
         * a record dated later is skipped (it would count on a day that has not come).
         */
        @WithDefault("PT10M")
        Duration maxClockSkew();
    }

    interface Http {
        /**
         * A request whose body has not fully arrived this long after it started gets 408 and its
         * connection is closed (a slow or stalled client cannot hold connections open).
         */
        @WithDefault("PT30S")
        Duration bodyTimeout();

        /**
         * Largest request body in bytes (a declared Content-Length above it answers 413 as JSON;
         * {@code quarkus.http.limits.max-body-size}, set higher, stops chunked bodies).
         */
        @WithDefault("1048576")
        long maxBodyBytes();
    }

    interface Ui {
        /**
         * Base64 key (at least 32 bytes) for the web UI's CSRF tokens; the same on every replica.
         * Env: INTEGRATIONS_UI_CSRF_KEY.
         */
        String csrfKey();

        /**
         * Where Meta reaches the WhatsApp worker's webhooks from the internet (scheme and host, no
         * path), e.g. {@code https://whatsapp.example.com}: a WhatsApp app's page shows the full
         * callback URL to paste into Meta's dashboard. Env: INTEGRATIONS_UI_WHATSAPP_WEBHOOK_BASE_URL.
         */
        String whatsappWebhookBaseUrl();
    }

    interface Refresh {
        /**
         * How long a refresh call waits beyond the integration's MCP timeout for the refresher's
         * answer before it answers 504 refresh_timeout (the refresh itself goes on).
         */
        @WithDefault("PT15S")
        Duration answerMargin();

        /** How often a waiting refresh call looks for the stored result. */
        @WithDefault("PT0.2S")
        Duration pollInterval();
    }

    /**
     * The at-rest keyring, in the form {@code <id>:<base64 32-byte key>[,...]}; the active id
     * names the key new secrets are sealed with, older ids stay listed until nothing sealed with
     * them remains. (The transport keyring is the shared {@code credentials.transport.*}.)
     */
    interface Credentials {
        /** Encrypts secrets in the database. Env: CREDENTIALS_AT_REST_KEYRING. */
        String atRestKeyring();

        String atRestActiveKeyId();
    }

    /** OAuth credentials: the MCP authorization flow (OAuth 2.1) this service runs as the client. */
    interface OAuth {
        /**
         * Where browsers and authorization servers reach this service, without a trailing slash:
         * the redirect URI is {@code <public-base-url>/oauth/callback} (what an admin registers with
         * an authorization server) and, when it is https, {@code <public-base-url>/oauth/client-metadata.json}
         * is the client id (Client ID Metadata Document). Env: INTEGRATIONS_OAUTH_PUBLIC_BASE_URL.
         */
        @WithDefault("http://127.0.0.1:8081")
        String publicBaseUrl();

        /** The client name shown on authorization servers' consent pages (registration and metadata document). */
        @WithDefault("Crafted AI gateway")
        String clientName();

        /** An access token is refreshed this long before it expires, or at half its lifetime when that is shorter. */
        @WithDefault("PT2M")
        Duration refreshLead();

        /** How often connected grants are scanned for tokens to refresh. */
        @WithDefault("PT10S")
        Duration refreshScanInterval();

        /** How long a started authorization waits for its callback. */
        @WithDefault("PT10M")
        Duration authorizationTtl();

        /**
         * How long before a refresh token expires (for authorization servers that say when:
         * {@code refresh_token_expires_in}) the credential page and the plugin list warn.
         */
        @WithDefault("P7D")
        Duration refreshTokenWarning();

        /** Per request to an MCP server or authorization server during connect and refresh. */
        @WithDefault("PT10S")
        Duration requestTimeout();
    }

    interface Endpoint {
        /**
         * Hosts that may be private or loopback addresses and may use http. Empty in production;
         * the local stack and the tests list localhost and 127.0.0.1 for their own MCP servers.
         */
        Optional<Set<String>> allowedPrivateHosts();
    }

}
