package ai.crafted.catalog.credential;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import ai.crafted.events.CredentialUpdatedEvent;
import ai.crafted.events.Topics;
import ai.crafted.replay.ReplayProgress;
import ai.crafted.secrets.CredentialSecrets;

/**
 * Feeds the credential store ({@link CredentialSecrets}); every instance replays the compacted
 * topic from the start and is not ready before it holds the credentials that existed then.
 */
@ApplicationScoped
public class CredentialUpdatedConsumer {

    private final CredentialSecrets secrets;
    private final ReplayProgress replay;

    public CredentialUpdatedConsumer(CredentialSecrets secrets, ReplayProgress replay) {
        this.secrets = secrets;
        this.replay = replay;
    }

    @Incoming(Topics.CREDENTIAL_UPDATED)
    public void consume(ConsumerRecord<String, CredentialUpdatedEvent> record) {
        secrets.consume(record.value());
        replay.consumed(record);
    }
}
