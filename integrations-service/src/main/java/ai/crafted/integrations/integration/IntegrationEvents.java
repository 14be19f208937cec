package ai.crafted.integrations.integration;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

import ai.crafted.events.ChangeType;
import ai.crafted.events.IntegrationUpdatedEvent;
import ai.crafted.events.Topics;
import ai.crafted.outbox.Outbox;

/** Writes {@code integration-updated} events to the outbox, inside the caller's transaction. */
@ApplicationScoped
public class IntegrationEvents {

    private final Outbox outbox;
    private final IntegrationMapper mapper;

    public IntegrationEvents(Outbox outbox, IntegrationMapper mapper) {
        this.outbox = outbox;
        this.mapper = mapper;
    }

    /** Must run inside the transaction that made the change (the outbox's rule). */
    public Uni<Void> changed(ChangeType type, IntegrationEntity entity) {
        var event = new IntegrationUpdatedEvent(IntegrationUpdatedEvent.SCHEMA_VERSION, UUID.randomUUID(),
                Instant.now(), type, entity.organizationId, entity.id, entity.version,
                type == ChangeType.DELETED ? null : mapper.toState(entity));
        return outbox.enqueue(Topics.INTEGRATION_UPDATED, entity.id.toString(), event);
    }
}
