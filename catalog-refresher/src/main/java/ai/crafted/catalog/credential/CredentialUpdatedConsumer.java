package ai.crafted.catalog.credential;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import ai.crafted.events.CredentialUpdatedEvent;
import ai.crafted.events.Topics;

/** Feeds the {@link CredentialVault}; every instance replays the compacted topic from the start. */
@ApplicationScoped
public class CredentialUpdatedConsumer {

    private static final Logger LOG = Logger.getLogger(CredentialUpdatedConsumer.class);

    private final CredentialVault vault;

    public CredentialUpdatedConsumer(CredentialVault vault) {
        this.vault = vault;
    }

    @Incoming(Topics.CREDENTIAL_UPDATED)
    public void consume(CredentialUpdatedEvent event) {
        if (event == null || event.schemaVersion() != CredentialUpdatedEvent.SCHEMA_VERSION) {
            LOG.warn("skipping a credential-updated record that is unreadable or of an unknown schema version");
            return;
        }
        try {
            vault.apply(event);
        } catch (IllegalStateException e) {
            // Wrong transport key: say which credential, never anything about the secret.
            LOG.errorf("cannot open credential %s: %s", event.credentialId(), e.getMessage());
        }
    }
}
