package ai.crafted.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import ai.crafted.events.ChangeType;
import ai.crafted.events.CredentialUpdatedEvent;

class CredentialSecretsTest {

    private static final AesGcmKeyring TRANSPORT = AesGcmKeyring.parse("t1:" + java.util.Base64.getEncoder()
            .encodeToString(new byte[32]), "t1");

    private final UUID org = UUID.randomUUID();
    private final UUID id = UUID.randomUUID();
    private final CredentialSecrets secrets = new CredentialSecrets(TRANSPORT);

    @Test
    void anOAuthAccessTokenIsSentAsABearerToken() {
        secrets.apply(event(1, "oauth", "at-123", "connected"));
        assertThat(secrets.headersFor(org, id)).contains(Map.of("Authorization", "Bearer at-123"));
        assertThat(secrets.oauthProblem(org, id)).isEmpty();
        assertThat(secrets.headersFor(UUID.randomUUID(), id)).isEmpty();
    }

    @Test
    void anOAuthCredentialThatCannotWorkIsHeldWithItsReason() {
        secrets.apply(event(0, "oauth", null, "pending"));
        assertThat(secrets.headersFor(org, id)).isEmpty();
        assertThat(secrets.find(org, id)).isEmpty();
        assertThat(secrets.oauthProblem(org, id)).hasValueSatisfying(p -> assertThat(p).contains("never connected"));

        secrets.apply(event(2, "oauth", "at-old", "reconnect_needed"));
        // The last token is still sent (the server decides), and the reason is known for its error.
        assertThat(secrets.headersFor(org, id)).contains(Map.of("Authorization", "Bearer at-old"));
        assertThat(secrets.oauthProblem(org, id)).hasValueSatisfying(p -> assertThat(p).contains("needs a reconnect")
                .contains("connect it under Credentials"));
        assertThat(secrets.oauthProblem(UUID.randomUUID(), id)).isEmpty();

        secrets.apply(event(1, "oauth", "at-older", "connected"));
        assertThat(secrets.oauthProblem(org, id)).as("an older event changes nothing")
                .hasValueSatisfying(p -> assertThat(p).contains("needs a reconnect"));
    }

    @Test
    void otherTypesHaveNoOAuthProblem() {
        secrets.apply(event(0, "bearer", "sk-1", null));
        assertThat(secrets.headersFor(org, id)).contains(Map.of("Authorization", "Bearer sk-1"));
        assertThat(secrets.oauthProblem(org, id)).isEmpty();
    }

    private CredentialUpdatedEvent event(long version, String type, String secret, String oauthStatus) {
        return new CredentialUpdatedEvent(CredentialUpdatedEvent.SCHEMA_VERSION, UUID.randomUUID(), Instant.now(),
                version == 0 ? ChangeType.CREATED : ChangeType.ROTATED, org, id, version, type, "Authorization",
                secret == null ? null : TRANSPORT.seal(secret, CredentialUpdatedEvent.associatedData(org, id)), oauthStatus);
    }
}
