package ai.crafted.whatsapp.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "whatsapp")
public interface WorkerConfig {

    /** Base URL of gateway-service (the worker calls {@code /v1/chat/completions} there). */
    String gatewayUrl();

    Graph graph();

    /** Limits of the webhook's HTTP server ({@code whatsapp.webhooks.*}). */
    Webhooks webhooks();

    interface Webhooks {
        /**
         * Largest delivery body, in bytes (Meta's deliveries are a few KiB); larger ones get 413. Set
         * in application.properties, where the deploy manifests' edge limit is checked against it.
         */
        long maxBodyBytes();

        /** A declared body not fully received this long after the request started gets 408. */
        @WithDefault("PT30S")
        Duration bodyTimeout();
    }

    Retry retry();

    /** The HTTP client to the gateway and the Graph API ({@code whatsapp.http.*}). */
    Http http();

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

    /** Replies being worked on at once (different conversations; one conversation is always in order). */
    @WithDefault("32")
    int maxRepliesInFlight();

    /** Earlier messages of the conversation sent to the model with each new one. */
    @WithDefault("20")
    int historySize();

    /** WhatsApp's limit for one text message; longer replies are split. */
    @WithDefault("4096")
    int maxTextLength();

    /** The reply, without a model call, to a message type WhatsApp marks unsupported or the worker does not know. */
    @WithDefault("Sorry, I cannot read this kind of message. Please write your question as text.")
    String unsupportedMessageReply();

    /**
     * WhatsApp's customer service window: a free-form reply is allowed only this long after the
     * customer's message was sent (Cloud API error 131047 otherwise). Older messages are recorded
     * as skipped, without a model call.
     */
    @WithDefault("PT24H")
    Duration serviceWindow();

    /**
     * How long an app the Graph API refused (e.g. error 190) stays stopped without a change of
     * its configuration; then the next message is tried again (a block or a payment problem can
     * be lifted at Meta).
     */
    @WithDefault("PT15M")
    Duration appAttentionRecheck();


    /** Pacing of messages to one customer ({@code whatsapp.pacing.*}), after WhatsApp's pair rate limit. */
    Pacing pacing();

    interface Pacing {
        /** Messages to one customer that may go out at once. */
        @WithDefault("5")
        int burst();

        /** After a burst, one message to the same customer per this interval. */
        @WithDefault("PT6S")
        Duration interval();
    }

    /** Turns that wait for a human's approval of a tool call ({@code whatsapp.approvals.*}). */
    Approvals approvals();

    interface Approvals {
        /**
         * What the customer is told when the model called a tool that needs a person's approval:
         * the answer follows in the same chat once it is decided.
         */
        @WithDefault("Your request needs a confirmation from our team. I will answer here as soon as it has been decided.")
        String pendingNotice();

        /**
         * What the customer is told when a waiting request can no longer be finished (the gateway
         * refused to resume it: the approval was already used, does not match or is unknown, or the
         * app's plugins or key changed). Worded so that nobody repeats an action that may have run.
         */
        @WithDefault("Sorry, I could not finish your earlier request here. It may already have been carried out:"
                + " please check with us before asking again.")
        String failedNotice();

        /**
         * A turn found resuming or sending for longer than this is taken to be left by a stopped
         * worker and is picked up again ({@code PendingTurnSweep}). Longer than a resume with all its
         * retries can take.
         */
        @WithDefault("PT15M")
        Duration resumeLease();

        /** How often every instance looks for turns to pick up (decided but not resumed, or left by a stop). */
        @WithDefault("PT1M")
        Duration sweepInterval();
    }

    interface Graph {
        @WithDefault("https://graph.facebook.com")
        String baseUrl();

        @WithDefault("v21.0")
        String apiVersion();
    }

    interface Retry {
        /** Attempts per call (gateway, Graph API) before the message goes to the dead-letter topic. */
        @WithDefault("5")
        int attempts();

        @WithDefault("PT1S")
        Duration initialBackoff();

        @WithDefault("PT30S")
        Duration maxBackoff();

        /** Timeout of one gateway call (a model with tools can take a while). */
        @WithDefault("PT120S")
        Duration gatewayTimeout();

        @WithDefault("PT15S")
        Duration graphTimeout();

        /**
         * How long a message is handled again while the worker's database cannot be reached
         * (PostgreSQL restarting, connections refused) before it goes to the dead-letter topic.
         */
        @WithDefault("PT2M")
        Duration storeOutage();
    }

}
