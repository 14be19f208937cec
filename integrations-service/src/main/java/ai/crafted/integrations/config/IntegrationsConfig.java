package ai.crafted.integrations.config;

import java.time.Duration;
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

    /** Throttling of clients that present invalid bearer tokens ({@code integrations.auth-limit.*}). */
    AuthLimitConfig authLimit();

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

    interface Endpoint {
        /**
         * Hosts that may be private or loopback addresses and may use http. Empty in production;
         * the local stack and the tests list localhost and 127.0.0.1 for their own MCP servers.
         */
        Optional<Set<String>> allowedPrivateHosts();
    }

}
