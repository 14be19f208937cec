package ai.crafted.events;

import java.util.List;

/** Every topic the services exchange, defined once so producers, consumers and deploy files agree. */
public final class Topics {

    /** Full non-secret state of an MCP integration after each change, keyed by integration id. */
    public static final String INTEGRATION_UPDATED = "integration-updated";

    /** Credential metadata and its sealed secret after each change, keyed by credential id. */
    public static final String CREDENTIAL_UPDATED = "credential-updated";

    public static final List<TopicSpec> ALL = List.of(
            new TopicSpec(INTEGRATION_UPDATED, 3, true),
            new TopicSpec(CREDENTIAL_UPDATED, 3, true));

    private Topics() {
    }
}
