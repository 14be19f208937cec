package ai.crafted.secrets;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

import ai.crafted.events.ChangeType;
import ai.crafted.events.CredentialUpdatedEvent;
import ai.crafted.replay.ReplayedView;

/**
 * The in-memory credential store of a service that calls MCP servers, fed from the sealed
 * {@code credential-updated} events (a {@link ReplayedView} keyed by credential id). Secrets are
 * opened here and live only in memory; a rotation replaces the secret as soon as its event
 * arrives; an older event never overwrites a newer one and a deleted credential stays deleted.
 */
public final class CredentialSecrets {

    /** A credential as held; {@code secret} is null for an OAuth credential that has no token yet. */
    private record Opened(UUID organizationId, long version, String type, String headerName, String secret, String oauthStatus) {

        Optional<Map<String, String>> headers() {
            if (secret == null) {
                return Optional.empty();
            }
            // bearer: an entered token; oauth: the access token of an MCP authorization grant.
            return Optional.of(Map.of(headerName, "bearer".equals(type) || "oauth".equals(type) ? "Bearer " + secret : secret));
        }

        @Override
        public String toString() {
            return "Opened[" + organizationId + ", v" + version + ", " + type + ", " + headerName + ", " + oauthStatus + "]";
        }
    }

    /**
     * A live credential as a caller uses it: its version (it grows with every rotation) and the
     * auth headers of exactly that version.
     */
    public record Credential(long version, Map<String, String> headers) {

        @Override
        public String toString() {
            return "Credential[v" + version + "]"; // headers carry the secret
        }
    }

    /** {@code oauthStatus} of an OAuth credential that was never connected. */
    public static final String OAUTH_PENDING = "pending";
    /** {@code oauthStatus} of an OAuth credential whose grant was refused on refresh. */
    public static final String OAUTH_RECONNECT_NEEDED = "reconnect_needed";

    private static final System.Logger LOG = System.getLogger(CredentialSecrets.class.getName());

    private final ReplayedView<UUID, Opened> secrets = new ReplayedView<>();
    private final AesGcmKeyring transport;

    public CredentialSecrets(AesGcmKeyring transport) {
        this.transport = transport;
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

    /**
     * Applies one event.
     *
     * @throws IllegalStateException when the sealed secret does not open with the transport keyring
     */
    public void apply(CredentialUpdatedEvent event) {
        UUID id = event.credentialId();
        if (secrets.versionOf(id).orElse(Long.MIN_VALUE) > event.version()) {
            return; // older than what we hold: not even worth opening
        }
        // An OAuth credential without a token yet is held too, so callers can say why it does not work.
        boolean held = event.changeType() != ChangeType.DELETED && (event.secret() != null || event.oauthStatus() != null);
        Opened opened = !held ? null
                : new Opened(event.organizationId(), event.version(), event.type(), event.headerName(), event.secret() == null ? null
                        : transport.open(event.secret(), CredentialUpdatedEvent.associatedData(event.organizationId(), id)),
                        event.oauthStatus());
        secrets.apply(id, event.version(), opened);
    }

    /** A live credential of this organisation with a secret, if we hold one: version and headers read together. */
    public Optional<Credential> find(UUID organizationId, UUID credentialId) {
        return owned(organizationId, credentialId).flatMap(o -> o.headers().map(headers -> new Credential(o.version(), headers)));
    }

    /** The auth headers for a credential of this organisation, if we hold it with a secret. */
    public Optional<Map<String, String>> headersFor(UUID organizationId, UUID credentialId) {
        return owned(organizationId, credentialId).flatMap(Opened::headers);
    }

    /**
     * Why an OAuth credential of this organisation may not work, as a sentence with the remedy,
     * when its status is {@value #OAUTH_PENDING} (never connected) or {@value #OAUTH_RECONNECT_NEEDED}
     * (its grant was refused on refresh); empty for a working one, for other types and for unknown
     * credentials. Callers name it in the errors of the MCP server's 401 and 403 answers.
     */
    public Optional<String> oauthProblem(UUID organizationId, UUID credentialId) {
        return owned(organizationId, credentialId).map(Opened::oauthStatus).map(status -> switch (status) {
            case OAUTH_PENDING -> "the OAuth credential was never connected";
            case OAUTH_RECONNECT_NEEDED -> "the OAuth credential needs a reconnect (its authorization was refused on refresh)";
            default -> null;
        }).map(problem -> problem + ": an admin must connect it under Credentials in the control panel");
    }

    /**
     * The version of a live credential of this organisation (it grows with every rotation), the
     * part of an integration's configuration fingerprint that a rotation changes.
     */
    public OptionalLong versionOf(UUID organizationId, UUID credentialId) {
        return owned(organizationId, credentialId).map(o -> OptionalLong.of(o.version())).orElse(OptionalLong.empty());
    }

    /** The version of a live OAuth credential of this organisation; empty for other types and unknown credentials. */
    public OptionalLong oauthVersionOf(UUID organizationId, UUID credentialId) {
        return owned(organizationId, credentialId).filter(o -> "oauth".equals(o.type()))
                .map(o -> OptionalLong.of(o.version())).orElse(OptionalLong.empty());
    }

    private Optional<Opened> owned(UUID organizationId, UUID credentialId) {
        return secrets.get(credentialId).filter(s -> s.organizationId().equals(organizationId));
    }
}
