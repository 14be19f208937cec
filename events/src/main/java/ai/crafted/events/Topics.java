package ai.crafted.events;

import java.util.List;

/** Every topic the services exchange, defined once so producers, consumers and deploy files agree. */
public final class Topics {

    /** Non-secret configuration of an MCP integration after each change, keyed by integration id. */
    public static final String INTEGRATION_UPDATED = "integration-updated";

    /** Credential metadata and its sealed secret after each change, keyed by credential id. */
    public static final String CREDENTIAL_UPDATED = "credential-updated";

    /**
     * OAuth credentials an MCP server refused for lack of scope (403 {@code insufficient_scope}),
     * from gateway-service to integrations-service, keyed by credential id: requests, not state.
     */
    public static final String CREDENTIAL_STEP_UP_REQUESTED = "credential-step-up-requested";

    /** Refresh requests from the control panel to catalog-refresher, keyed by integration id. */
    public static final String CATALOG_REFRESH_REQUESTED = "catalog-refresh-requested";

    /**
     * Each integration's tool catalog and refresh status from catalog-refresher, keyed by
     * integration id (compacted; a tombstone when the integration is deleted).
     */
    public static final String CATALOG_UPDATED = "catalog-updated";

    /** API key hashes and revocations for the gateway, keyed by API key id. */
    public static final String API_KEY_UPDATED = "api-key-updated";

    /**
     * When each API key was last used (at most one per key per minute per gateway instance), from
     * gateway-service to integrations-service, keyed by API key id (compacted: the latest word per key).
     */
    public static final String API_KEY_USED = "api-key-used";

    /** WhatsApp app configuration (selected plugins, sealed secrets) for the worker, keyed by app id. */
    public static final String WHATSAPP_APP_UPDATED = "whatsapp-app-updated";

    /**
     * WhatsApp apps that cannot send (the Graph API refused the app itself), from whatsapp-worker
     * to integrations-service, keyed by app id (compacted: the latest word per app).
     */
    public static final String WHATSAPP_APP_HEALTH = "whatsapp-app-health";

    /**
     * The latest state of each message of each WhatsApp conversation (received, replied, sent,
     * delivered, read, failed with a code), from whatsapp-worker to integrations-service's
     * conversation view, keyed {@code <appId>:<wamid>} (compacted).
     */
    public static final String WHATSAPP_CONVERSATION_MESSAGES = "whatsapp-conversation-messages";

    /**
     * Operators' decisions about WhatsApp messages that need one (retry, mark failed), from the
     * control panel (outbox) to whatsapp-worker, keyed {@code <appId>:<wamid>}: commands, not state.
     */
    public static final String WHATSAPP_OPERATOR_ACTIONS = "whatsapp-operator-actions";

    /**
     * Tool calls an admin asked for in the control panel ("Try tool"), from integrations-service
     * (outbox) to gateway-service, keyed by integration id: commands, not state.
     */
    public static final String TOOL_TRIAL_REQUESTED = "tool-trial-requested";

    /** What each tool trial came to, from gateway-service to integrations-service, keyed by trial id. */
    public static final String TOOL_TRIAL_COMPLETED = "tool-trial-completed";

    /**
     * One record per chat request the gateway served (tokens per round, tool
     * calls with latency and outcome, time split between model, tools and gateway), from
     * gateway-service to integrations-service's daily usage, keyed by organisation id: facts, not state.
     */
    public static final String USAGE_RECORDED = "usage-recorded";

    /**
     * Each plugin's tool policy (enabled, held, accepted version, approval needed), from
     * integrations-service (outbox) to gateway-service, keyed by integration id (compacted).
     */
    public static final String TOOL_POLICY_UPDATED = "tool-policy-updated";

    /**
     * The state of each approval request for a tool call (pending, approved, denied, expired,
     * used), from gateway-service (outbox) to integrations-service and whatsapp-worker, keyed by
     * approval id (compacted).
     */
    public static final String APPROVAL_UPDATED = "approval-updated";

    /**
     * Humans' decisions on pending approvals, from integrations-service (outbox) to
     * gateway-service, keyed by approval id: commands, not state.
     */
    public static final String APPROVAL_DECIDED = "approval-decided";

    /** Inbound customer messages from the webhook, keyed by app id and sender. */
    public static final String WHATSAPP_INBOUND = "whatsapp-inbound";

    public static final List<TopicSpec> ALL = List.of(
            new TopicSpec(WHATSAPP_APP_UPDATED, 3, true),
            new TopicSpec(WHATSAPP_INBOUND, 6, false),
            new TopicSpec(WHATSAPP_APP_HEALTH, 3, true),
            new TopicSpec(WHATSAPP_CONVERSATION_MESSAGES, 3, true),
            new TopicSpec(WHATSAPP_OPERATOR_ACTIONS, 3, false),
            new TopicSpec(API_KEY_UPDATED, 3, true),
            new TopicSpec(API_KEY_USED, 3, true),
            new TopicSpec(INTEGRATION_UPDATED, 3, true),
            new TopicSpec(CREDENTIAL_UPDATED, 3, true),
            new TopicSpec(CREDENTIAL_STEP_UP_REQUESTED, 3, false),
            new TopicSpec(CATALOG_REFRESH_REQUESTED, 3, false),
            new TopicSpec(TOOL_TRIAL_REQUESTED, 3, false),
            new TopicSpec(TOOL_TRIAL_COMPLETED, 3, false),
            new TopicSpec(USAGE_RECORDED, 3, false),
            new TopicSpec(CATALOG_UPDATED, 3, true),
            new TopicSpec(TOOL_POLICY_UPDATED, 3, true),
            new TopicSpec(APPROVAL_UPDATED, 3, true),
            new TopicSpec(APPROVAL_DECIDED, 3, false));

    private Topics() {
    }
}
