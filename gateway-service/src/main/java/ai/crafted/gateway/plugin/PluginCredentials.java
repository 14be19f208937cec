package ai.crafted.gateway.plugin;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import ai.crafted.events.CredentialUpdatedEvent;
import ai.crafted.events.Topics;
import ai.crafted.replay.ReplayProgress;
import ai.crafted.secrets.CredentialSecrets;

/** The credentials tool calls send, opened from {@code credential-updated} into memory only. */
@ApplicationScoped
public class PluginCredentials {

    private final CredentialSecrets secrets;
    private final ReplayProgress replay;
    private final PluginRegistry plugins;

    public PluginCredentials(CredentialSecrets secrets, ReplayProgress replay, PluginRegistry plugins) {
        this.secrets = secrets;
        this.replay = replay;
        this.plugins = plugins;
    }

    @Incoming(Topics.CREDENTIAL_UPDATED)
    public void consume(ConsumerRecord<String, CredentialUpdatedEvent> record) {
        secrets.consume(record.value());
        if (record.value() != null) {
            // A rotation changes which catalogs match (fingerprints carry the credential version).
            plugins.changed(record.value().organizationId());
        }
        replay.consumed(record);
    }

    public Optional<Map<String, String>> headersFor(UUID organizationId, UUID credentialId) {
        return secrets.headersFor(organizationId, credentialId);
    }

    /** See {@link CredentialSecrets#oauthVersionOf}: the version of an OAuth credential, empty for other types. */
    public java.util.OptionalLong oauthVersionOf(UUID organizationId, UUID credentialId) {
        return secrets.oauthVersionOf(organizationId, credentialId);
    }

    /** See {@link CredentialSecrets#oauthProblem}: why an OAuth credential cannot work, with the remedy. */
    public Optional<String> oauthProblem(UUID organizationId, UUID credentialId) {
        return secrets.oauthProblem(organizationId, credentialId);
    }
}
