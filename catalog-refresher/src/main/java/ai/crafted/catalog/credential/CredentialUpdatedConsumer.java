package ai.crafted.catalog.credential;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import ai.crafted.events.CredentialUpdatedEvent;
import ai.crafted.events.Topics;
import ai.crafted.secrets.CredentialSecrets;

/** Feeds the credential store ({@link CredentialSecrets}); every instance replays the compacted topic from the start. */
@ApplicationScoped
public class CredentialUpdatedConsumer {

    private final CredentialSecrets secrets;

    public CredentialUpdatedConsumer(CredentialSecrets secrets) {
        this.secrets = secrets;
    }

    @Incoming(Topics.CREDENTIAL_UPDATED)
    public void consume(CredentialUpdatedEvent event) {
        secrets.consume(event);
    }
}
