package ai.crafted.catalog.credential;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.mutiny.Uni;

import ai.crafted.catalog.refresh.ScheduledRefresh;
import ai.crafted.events.CredentialUpdatedEvent;
import ai.crafted.events.Topics;
import ai.crafted.replay.ReplayProgress;
import ai.crafted.secrets.CredentialSecrets;

/**
 * Feeds the credential store ({@link CredentialSecrets}); every instance replays the compacted
 * topic from the start and is not ready before it holds the credentials that existed then. A
 * rotation arriving later lists the catalogs that use the credential again, with the new secret.
 */
@ApplicationScoped
public class CredentialUpdatedConsumer {

    private final CredentialSecrets secrets;
    private final ReplayProgress replay;
    private final ScheduledRefresh refreshes;

    public CredentialUpdatedConsumer(CredentialSecrets secrets, ReplayProgress replay, ScheduledRefresh refreshes) {
        this.secrets = secrets;
        this.replay = replay;
        this.refreshes = refreshes;
    }

    @Incoming(Topics.CREDENTIAL_UPDATED)
    public Uni<Void> consume(ConsumerRecord<String, CredentialUpdatedEvent> record) {
        CredentialUpdatedEvent event = record.value();
        secrets.consume(event);
        replay.consumed(record);
        return event == null ? Uni.createFrom().voidItem()
                : refreshes.refreshUsing(event.organizationId(), event.credentialId());
    }
}
