package ai.crafted.catalog.refresh;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;

import ai.crafted.events.CatalogRefreshedEvent;
import ai.crafted.events.ToolDescriptor;
import ai.crafted.mcp.McpClient;
import ai.crafted.mcp.McpEndpoint;
import ai.crafted.mcp.McpException;
import ai.crafted.secrets.CredentialSecrets;

/**
 * Lists an MCP server's tools and publishes the outcome. Concurrent refreshes of one integration
 * share a single call to the server; each caller still gets its own result event (carrying its
 * request id) so every waiter is answered.
 */
@ApplicationScoped
public class CatalogRefresher {

    private static final Logger LOG = Logger.getLogger(CatalogRefresher.class);

    private final McpClient client;
    private final CredentialSecrets credentials;
    private final RefreshResultPublisher publisher;
    private final MeterRegistry meters;
    /**
     * Refreshes under way, keyed by the whole target: only requests for the same endpoint,
     * transport, timeout and credential share a call, so a result is never published for
     * settings it was not fetched with.
     */
    private final Map<RefreshTarget, Uni<Outcome>> inFlight = new ConcurrentHashMap<>();

    public CatalogRefresher(McpClient client, CredentialSecrets credentials, RefreshResultPublisher publisher,
            MeterRegistry meters) {
        this.client = client;
        this.credentials = credentials;
        this.publisher = publisher;
        this.meters = meters;
    }

    /** The tools, or the error a user can act on, at the time of the attempt. */
    record Outcome(Instant attemptedAt, List<ToolDescriptor> tools, String error, String errorKind) {
    }

    /** Refreshes and publishes the result; never fails (a failed refresh is a result too). */
    public Uni<CatalogRefreshedEvent> refresh(RefreshTarget target, UUID requestId) {
        return shared(target).chain(outcome -> publisher.publish(new CatalogRefreshedEvent(
                CatalogRefreshedEvent.SCHEMA_VERSION, UUID.randomUUID(), requestId, target.organizationId(),
                target.integrationId(), outcome.attemptedAt(), target.config(), target.credentialId(),
                outcome.tools(), outcome.error(), outcome.errorKind())));
    }

    /** Starts a refresh without waiting for it (install and config changes). */
    public void refreshInBackground(RefreshTarget target) {
        refresh(target, null).subscribe().with(
                result -> LOG.debugf("refreshed %s: %s", target.integrationId(), result.succeeded() ? "ok" : result.error()),
                failure -> LOG.warnf("refresh of %s could not be published: %s", target.integrationId(), failure.getMessage()));
    }

    private Uni<Outcome> shared(RefreshTarget target) {
        return inFlight.computeIfAbsent(target, key -> listTools(key)
                .onTermination().invoke(() -> inFlight.remove(key))
                .memoize().indefinitely());
    }

    private Uni<Outcome> listTools(RefreshTarget target) {
        Instant attemptedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return Uni.createFrom().deferred(() -> client.listTools(endpointOf(target)))
                .map(tools -> {
                    meters.counter("catalog.refreshes", "outcome", "success").increment();
                    return new Outcome(attemptedAt, tools, null, null);
                })
                .onFailure().recoverWithItem(failure -> {
                    String kind = failure instanceof McpException m ? m.kind().name().toLowerCase(Locale.ROOT) : "internal";
                    meters.counter("catalog.refreshes", "outcome", kind).increment();
                    String message = failure instanceof McpException ? failure.getMessage()
                            : "refresh failed unexpectedly: " + failure.getClass().getSimpleName();
                    if (!(failure instanceof McpException)) {
                        LOG.error("unexpected refresh failure", failure);
                    }
                    return new Outcome(attemptedAt, null, message, kind);
                });
    }

    private McpEndpoint endpointOf(RefreshTarget target) {
        Map<String, String> headers = Map.of();
        if (target.credentialId() != null) {
            headers = credentials.headersFor(target.organizationId(), target.credentialId())
                    .orElseThrow(() -> new McpException(McpException.Kind.CONNECTION, "credential "
                            + target.credentialId() + " is not available to the refresher (deleted or not yet delivered)"));
        }
        return McpEndpoint.of(target.config(), headers);
    }
}
