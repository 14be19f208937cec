package ai.crafted.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The tool catalog of one integration as catalog-refresher last determined it, published on the
 * compacted {@link Topics#CATALOG_UPDATED} keyed by integration id (a tombstone, null value, when
 * the integration is deleted). It is the whole state, not a delta: a reader that keeps only the
 * latest record per key (highest {@code sequence}) holds everything.
 *
 * <p>A catalog is only valid for the configuration it was computed for: readers use it only
 * while {@code configFingerprint} equals {@link ConfigFingerprint#of} of the integration's current
 * configuration and credential version. Until the refresher has listed the new configuration,
 * the integration has no usable catalog (its tools are not injected), so a catalog listed from an
 * old endpoint or with an old secret is never offered to a model.
 *
 * @param sequence          grows with every record of the integration; readers ignore older ones
 * @param configFingerprint the configuration this state describes (see {@link ConfigFingerprint})
 * @param catalogVersion    hash over the full tool objects as the server sent them (in order);
 *                          null while no listing succeeded for this configuration
 * @param tools             the catalog, possibly empty; null while no listing succeeded for this
 *                          configuration
 * @param refreshedAt       when {@code tools} were listed
 * @param lastAttemptAt     the latest attempt, successful or not
 * @param lastError         why the latest attempt failed, in words a user can act on; null after a success
 * @param lastErrorKind     the failure's kind ({@code timeout}, {@code http_status}, …); null after a success
 * @param requestId         the control panel's refresh request this record answers, if any
 * @param compilerVersion   the tool compiler that produced {@code compiled}; a reader with another
 *                          version (or a record without it, from before the compiler) compiles
 *                          {@code tools} itself, once, when it applies the record
 * @param compiled          each tool of {@code tools}, in the same order, as every provider
 *                          profile receives it; null when {@code tools} is null
 * @param protocolVersion   the MCP protocol version the listing of {@code tools} used (2026-07-28,
 *                          2025-11-25, …); null while no listing succeeded, and on records from
 *                          before it was carried
 * @param toolHashes        per tool of {@code tools}, in the same order: {@code "sha256:"} and the hex
 *                          SHA-256 of the full tool object as the server sent it, in RFC 8785
 *                          canonical form (any change to any field of the tool changes it); null
 *                          when {@code tools} is null and on records from before it was carried
 */
public record CatalogUpdatedEvent(
        int schemaVersion,
        UUID eventId,
        Instant occurredAt,
        UUID organizationId,
        UUID integrationId,
        long sequence,
        String configFingerprint,
        String catalogVersion,
        List<ToolDescriptor> tools,
        Instant refreshedAt,
        Instant lastAttemptAt,
        String lastError,
        String lastErrorKind,
        UUID requestId,
        String compilerVersion,
        List<CompiledTool> compiled,
        String protocolVersion,
        List<String> toolHashes) {

    public static final int SCHEMA_VERSION = 1;

    /** Whether this catalog was computed for the given fingerprint of the current configuration. */
    public boolean describes(String currentFingerprint) {
        return configFingerprint != null && configFingerprint.equals(currentFingerprint);
    }
}
