package ai.crafted.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Published on {@link Topics#CATALOG_REFRESHED}, keyed by integration id, after every refresh
 * attempt. On success {@code tools} holds the complete catalog (possibly empty) and
 * {@code error} is null; on failure {@code tools} is null and {@code error} says what went wrong
 * in words a user can act on.
 *
 * @param requestId the {@link CatalogRefreshRequestedEvent#requestId()} this answers, or null for
 *                  refreshes the refresher started itself (install, config change, schedule)
 * @param config    the configuration the refresh used: a result for an outdated configuration
 *                  must not overwrite the catalog of the current one
 */
public record CatalogRefreshedEvent(
        int schemaVersion,
        UUID eventId,
        UUID requestId,
        UUID organizationId,
        UUID integrationId,
        Instant attemptedAt,
        McpServerConfig config,
        UUID credentialId,
        List<ToolDescriptor> tools,
        String error,
        String errorKind) {

    public static final int SCHEMA_VERSION = 1;

    public boolean succeeded() {
        return error == null;
    }
}
