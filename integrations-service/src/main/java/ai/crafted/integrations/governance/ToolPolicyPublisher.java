package ai.crafted.integrations.governance;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;

import ai.crafted.events.ToolPolicyUpdatedEvent;
import ai.crafted.events.Topics;
import ai.crafted.integrations.integration.IntegrationReferences;
import ai.crafted.outbox.Outbox;

/**
 * Writes a plugin's whole tool policy to {@code tool-policy-updated} through the outbox, inside
 * the caller's transaction (with the change it publishes), and the tombstone when the plugin is
 * deleted. The plugin's governance rows go with it ({@code on delete cascade}).
 */
@ApplicationScoped
public class ToolPolicyPublisher implements IntegrationReferences {

    private final Outbox outbox;
    private final ToolGovernanceStore store;
    private final ObjectMapper json;

    public ToolPolicyPublisher(Outbox outbox, ToolGovernanceStore store, ObjectMapper json) {
        this.outbox = outbox;
        this.store = store;
        this.json = json;
    }

    /**
     * Publishes the snapshot's policy with the next version (creating the settings row when the
     * plugin has none). The caller holds the integration row's lock, so versions never collide.
     *
     * @param actor who caused it (a subject or {@code system}), kept as the settings row's first writer
     */
    public Uni<Void> publish(PolicySnapshot snapshot, String actor) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        ToolGovernanceEntity settings = snapshot.settings();
        Uni<Void> saved = Uni.createFrom().voidItem();
        if (settings == null) {
            settings = new ToolGovernanceEntity();
            settings.integrationId = snapshot.integrationId();
            settings.organizationId = snapshot.organizationId();
            settings.updatedAt = now;
            settings.updatedBy = actor;
            saved = store.persist(settings);
        }
        settings.policyVersion++;
        var event = new ToolPolicyUpdatedEvent(ToolPolicyUpdatedEvent.SCHEMA_VERSION, UUID.randomUUID(), now,
                snapshot.organizationId(), snapshot.integrationId(), settings.policyVersion, snapshot.catalogNumber(),
                snapshot.published(), snapshot.latest() == null ? null : snapshot.latest().catalogHash,
                snapshot.latest() == null || snapshot.latest().diff == null ? null : readDiff(snapshot.latest().diff));
        return saved.chain(() -> outbox.enqueue(Topics.TOOL_POLICY_UPDATED, snapshot.integrationId().toString(), event));
    }

    private JsonNode readDiff(String diff) {
        try {
            return json.readTree(diff);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored catalog diff is not JSON", e);
        }
    }

    @Override
    public Uni<Void> integrationDeleted(UUID organizationId, UUID integrationId, String slug) {
        return outbox.enqueueTombstone(Topics.TOOL_POLICY_UPDATED, integrationId.toString());
    }
}
