package ai.crafted.catalog.refresh;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;

import ai.crafted.events.ConfigFingerprint;
import ai.crafted.mcp.McpClient;
import ai.crafted.mcp.McpEndpoint;
import ai.crafted.mcp.McpException;
import ai.crafted.replay.ReadYourWrites;
import ai.crafted.secrets.CredentialSecrets;

/**
 * Lists an MCP server's tools and records the outcome in the {@link CatalogStore}, which
 * publishes it. Concurrent refreshes of the same target (same configuration and credential
 * version) share a single call to the server; each caller's request id is still answered.
 */
@ApplicationScoped
public class CatalogRefresher {

    private static final Logger LOG = Logger.getLogger(CatalogRefresher.class);

    private final McpClient client;
    private final CredentialSecrets credentials;
    private final CatalogStore store;
    private final MeterRegistry meters;
    private final ReadYourWrites readYourWrites;
    private final RefreshSpans spans;
    /**
     * Listings under way, keyed by the whole target and the credential version: only requests
     * for the same endpoint, transport, timeout and secret share a call, so an outcome is never
     * recorded for settings it was not fetched with.
     */
    private final Map<Listing, Uni<RefreshOutcome>> inFlight = new ConcurrentHashMap<>();

    private record Listing(RefreshTarget target, Long credentialVersion) {
    }

    public CatalogRefresher(McpClient client, CredentialSecrets credentials, CatalogStore store, MeterRegistry meters,
            ReadYourWrites readYourWrites, RefreshSpans spans) {
        this.spans = spans;
        this.readYourWrites = readYourWrites;
        this.client = client;
        this.credentials = credentials;
        this.store = store;
        this.meters = meters;
    }

    /**
     * Refreshes and records the outcome; never fails for a failed listing (that is an outcome too).
     * A credential the refresher has not heard of yet travels on its own topic and can arrive after
     * the integration or refresh request naming it: the credential view is caught up with its
     * topic first ({@link ReadYourWrites}), so a credential stored before the install is used.
     * Traced as a {@code catalog refresh} span ({@link RefreshSpans}).
     */
    public Uni<Void> refresh(RefreshTarget target, UUID requestId) {
        return spans.refresh(target, requestId, () -> {
            if (target.credentialId() != null && credentials.find(target.organizationId(), target.credentialId()).isEmpty()) {
                return readYourWrites.await().chain(() -> refreshWithKnownCredentials(target, requestId));
            }
            return refreshWithKnownCredentials(target, requestId);
        });
    }

    private Uni<RefreshOutcome> refreshWithKnownCredentials(RefreshTarget target, UUID requestId) {
        var credential = target.credentialId() == null ? null
                : credentials.find(target.organizationId(), target.credentialId()).orElse(null);
        Long credentialVersion = credential == null ? null : credential.version();
        Map<String, String> headers = credential == null ? Map.of() : credential.headers();
        Listing listing = new Listing(target, credentialVersion);
        return inFlight.computeIfAbsent(listing, key -> list(key, headers)
                        .onTermination().invoke(() -> inFlight.remove(key))
                        .memoize().indefinitely())
                .call(outcome -> store.record(target, outcome, requestId));
    }

    /** Starts a refresh without waiting for it (install, configuration and credential changes). */
    public void refreshInBackground(RefreshTarget target) {
        refresh(target, null).subscribe().with(
                ignored -> LOG.debugf("refreshed %s", target.integrationId()),
                failure -> LOG.warnf("refresh of %s could not be recorded: %s", target.integrationId(), failure.getMessage()));
    }

    private Uni<RefreshOutcome> list(Listing listing, Map<String, String> headers) {
        RefreshTarget target = listing.target();
        String fingerprint = ConfigFingerprint.of(target.config(), target.credentialId(),
                listing.credentialVersion() == null ? -1 : listing.credentialVersion());
        Instant attemptedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        if (target.credentialId() != null && listing.credentialVersion() == null) {
            meters.counter("catalog.refreshes", "outcome", "connection").increment();
            return Uni.createFrom().item(new RefreshOutcome(fingerprint, null, attemptedAt, null,
                    oauthProblem(target).orElse("credential " + target.credentialId()
                            + " is not available to the refresher (deleted or not yet delivered)"), "connection"));
        }
        McpEndpoint endpoint = McpEndpoint.of(target.config(), headers, target.integrationId().toString());
        return Uni.createFrom().deferred(() -> client.listCatalog(endpoint))
                .map(catalog -> {
                    meters.counter("catalog.refreshes", "outcome", "success").increment();
                    return new RefreshOutcome(fingerprint, listing.credentialVersion(), attemptedAt, catalog, null, null);
                })
                .onFailure().recoverWithItem(failure -> {
                    String kind = failure instanceof McpException m ? m.kind().name().toLowerCase(Locale.ROOT) : "internal";
                    meters.counter("catalog.refreshes", "outcome", kind).increment();
                    if (!(failure instanceof McpException)) {
                        LOG.error("unexpected refresh failure", failure);
                    }
                    boolean refused = failure instanceof McpException m && m.credentialsRefused();
                    String message = (refused ? oauthProblem(target) : Optional.<String>empty()).orElseGet(() ->
                            failure instanceof McpException ? failure.getMessage()
                                    : "refresh failed unexpectedly: " + failure.getClass().getSimpleName());
                    return new RefreshOutcome(fingerprint, listing.credentialVersion(), attemptedAt, null, message, kind);
                });
    }

    /** For an OAuth credential that cannot work (never connected, or refused on refresh), the refresh error that says so. */
    private Optional<String> oauthProblem(RefreshTarget target) {
        return target.credentialId() == null ? Optional.empty()
                : credentials.oauthProblem(target.organizationId(), target.credentialId());
    }
}
