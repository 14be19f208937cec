package ai.crafted.gateway.plugin;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

import ai.crafted.events.CatalogRefreshRequestedEvent;
import ai.crafted.events.Topics;
import ai.crafted.mcp.McpClient;

/**
 * When an MCP server says its tools changed ({@code notifications/tools/list_changed} on a stream
 * a tool call held, debounced per integration by the {@link McpClient}), asks catalog-refresher
 * to list them again: a {@link CatalogRefreshRequestedEvent} keyed by integration id, without a
 * request id (nobody waits for the answer; the new catalog arrives on catalog-updated as usual).
 * A lost request costs only freshness: the schedule lists the server later anyway.
 */
@ApplicationScoped
public class ToolsListChangedPublisher {

    private static final Logger LOG = Logger.getLogger(ToolsListChangedPublisher.class);

    private final PluginRegistry registry;
    private final MutinyEmitter<CatalogRefreshRequestedEvent> requests;
    private final MeterRegistry meters;

    public ToolsListChangedPublisher(PluginRegistry registry,
            @Channel(Topics.CATALOG_REFRESH_REQUESTED) MutinyEmitter<CatalogRefreshRequestedEvent> requests,
            MeterRegistry meters) {
        this.registry = registry;
        this.requests = requests;
        this.meters = meters;
    }

    void listen(@Observes StartupEvent start, McpClient mcp) {
        mcp.onToolsListChanged(this::changed);
    }

    /** Publishes a refresh request for the integration {@code owner} (its id), if the gateway knows it. */
    void changed(String owner) {
        UUID integrationId;
        try {
            integrationId = UUID.fromString(owner);
        } catch (IllegalArgumentException e) {
            return;
        }
        registry.find(integrationId).ifPresent(plugin -> {
            var state = plugin.state();
            var request = new CatalogRefreshRequestedEvent(CatalogRefreshRequestedEvent.SCHEMA_VERSION, null,
                    Instant.now(), plugin.organizationId(), integrationId, plugin.version(), state.slug(), state.config(),
                    state.credentialId());
            meters.counter("gateway.mcp.tools.list.changed").increment();
            requests.sendMessage(Message.of(request).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                    .withKey(integrationId.toString()).build()))
                    .subscribe().with(ignored -> LOG.debugf("asked for a refresh of %s: its tools changed", integrationId),
                            failure -> LOG.warnf("could not ask for a refresh of %s: %s", integrationId, failure.getMessage()));
        });
    }
}
