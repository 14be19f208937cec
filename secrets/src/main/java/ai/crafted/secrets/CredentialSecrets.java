package ai.crafted.secrets;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import ai.crafted.events.ChangeType;
import ai.crafted.events.CredentialUpdatedEvent;

/**
 * The in-memory credential store of a service that calls MCP servers, fed from the sealed
 * {@code credential-updated} events. Secrets are opened here and live only in memory; a
 * rotation replaces the secret as soon as its event arrives; an older event never overwrites a
 * newer one.
 */
public final class CredentialSecrets {

    private record Opened(UUID organizationId, long version, String type, String headerName, String secret) {

        Map<String, String> headers() {
            return Map.of(headerName, "bearer".equals(type) ? "Bearer " + secret : secret);
        }

        @Override
        public String toString() {
            return "Opened[" + organizationId + ", " + type + ", " + headerName + "]";
        }
    }

    private static final System.Logger LOG = System.getLogger(CredentialSecrets.class.getName());

    private final Map<UUID, Opened> secrets = new ConcurrentHashMap<>();
    private final AesGcmKeyring transport;

    public CredentialSecrets(AesGcmKeyring transport) {
        this.transport = transport;
    }

    /** The store of a service configured with the transport keyring ({@code <id>:<base64 key>[,...]}). */
    public static CredentialSecrets fromTransportKeyring(String keyring, String activeKeyId) {
        return new CredentialSecrets(AesGcmKeyring.parse(keyring, activeKeyId));
    }

    /**
     * What a consumer of {@code credential-updated} does with a record: unreadable records and
     * unknown schema versions are skipped, and a secret that cannot be opened (wrong transport
     * key) is logged by credential id, never anything about the secret, without stopping the
     * stream.
     */
    public void consume(CredentialUpdatedEvent event) {
        if (event == null || event.schemaVersion() != CredentialUpdatedEvent.SCHEMA_VERSION) {
            LOG.log(System.Logger.Level.WARNING,
                    "skipping a credential-updated record that is unreadable or of an unknown schema version");
            return;
        }
        try {
            apply(event);
        } catch (IllegalStateException e) {
            LOG.log(System.Logger.Level.ERROR, "cannot open credential " + event.credentialId() + ": " + e.getMessage());
        }
    }

    public void apply(CredentialUpdatedEvent event) {
        secrets.compute(event.credentialId(), (id, current) -> {
            if (current != null && current.version() > event.version()) {
                return current;
            }
            if (event.changeType() == ChangeType.DELETED || event.secret() == null) {
                return null;
            }
            String secret = transport.open(event.secret(),
                    CredentialUpdatedEvent.associatedData(event.organizationId(), id));
            return new Opened(event.organizationId(), event.version(), event.type(), event.headerName(), secret);
        });
    }

    /** The auth headers for a credential of this organisation, if we hold it. */
    public Optional<Map<String, String>> headersFor(UUID organizationId, UUID credentialId) {
        return Optional.ofNullable(secrets.get(credentialId))
                .filter(s -> s.organizationId().equals(organizationId))
                .map(Opened::headers);
    }
}
