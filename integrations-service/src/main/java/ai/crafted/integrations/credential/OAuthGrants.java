package ai.crafted.integrations.credential;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Seals and opens an OAuth credential's {@link OAuthGrantSecrets} with the at-rest keyring, bound
 * to the credential (associated data {@code credential-grant:<organization>:<credential>}), so a
 * sealed grant copied to another row does not open.
 */
@ApplicationScoped
public class OAuthGrants {

    private final CredentialKeyrings keyrings;
    private final ObjectMapper json;

    public OAuthGrants(CredentialKeyrings keyrings, ObjectMapper json) {
        this.keyrings = keyrings;
        this.json = json;
    }

    public void store(CredentialEntity credential, OAuthGrantSecrets secrets) {
        try {
            credential.storeSealedGrant(keyrings.sealAtRest(json.writeValueAsString(secrets), aad(credential)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the grant of credential " + credential.id);
        }
    }

    /** The credential's grant secrets; all null when none were stored. */
    public OAuthGrantSecrets open(CredentialEntity credential) {
        if (credential.sealedGrant() == null) {
            return new OAuthGrantSecrets(null, null, null);
        }
        try {
            return json.readValue(keyrings.openAtRest(credential.sealedGrant(), aad(credential)), OAuthGrantSecrets.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot read the grant of credential " + credential.id);
        }
    }

    private static String aad(CredentialEntity credential) {
        return "credential-grant:" + credential.organizationId + ":" + credential.id;
    }
}
