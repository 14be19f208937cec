package ai.crafted.integrations.integration;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

import ai.crafted.integrations.config.IntegrationsConfig;
import ai.crafted.integrations.credential.CredentialEntity;
import ai.crafted.integrations.credential.OAuthWarning;
import ai.crafted.integrations.credential.CredentialRepository;
import ai.crafted.integrations.credential.OAuthStatus;
import ai.crafted.integrations.error.ApiException;

/**
 * Checks that an integration's {@code credentialId} names a credential of the same organisation
 * (and, for an OAuth one, of the same endpoint), and says which OAuth credentials cannot work.
 */
@ApplicationScoped
public class CredentialReferences {

    private final CredentialRepository credentials;
    private final Duration warningWindow;

    public CredentialReferences(CredentialRepository credentials, IntegrationsConfig config) {
        this.credentials = credentials;
        this.warningWindow = config.oauth().refreshTokenWarning();
    }

    /**
     * Why an integration using this credential cannot work, as the plugin list says it, or null
     * when it can (or is not an OAuth credential, or is null): an OAuth credential never
     * connected, or needing a reconnect (with the reason the refresh was refused).
     */
    public static String oauthProblemOf(CredentialEntity c) {
        if (c == null || !c.isOAuth() || OAuthStatus.CONNECTED.equals(c.oauthStatus)) {
            return null;
        }
        return "the OAuth credential " + c.name + (OAuthStatus.PENDING.equals(c.oauthStatus) ? " was never connected"
                : " needs a reconnect" + (c.oauthProblem == null ? "" : " (" + c.oauthProblem + ")")) + ": connect it under Credentials";
    }

    /**
     * What an admin should do about this credential while it still works, as the plugin list says
     * it (see {@link OAuthWarning}), or null.
     */
    public String oauthWarningOf(CredentialEntity c) {
        String warning = c == null ? null : OAuthWarning.of(c, warningWindow, Instant.now());
        return warning == null ? null : "the OAuth credential " + c.name + ": " + warning + " under Credentials";
    }

    /**
     * @param endpoint the integration's endpoint: an OAuth credential's grant is bound to one MCP
     *                 server (its resource, RFC 8707), so it may only be used there; the MCP
     *                 specification forbids passing a token to another server
     * @throws ApiException 400 {@code invalid_integration_config} naming {@code credentialId}
     */
    public Uni<Void> requireOwned(UUID organizationId, UUID credentialId, String endpoint) {
        if (credentialId == null) {
            return Uni.createFrom().voidItem();
        }
        return credentials.findOwned(organizationId, credentialId)
                .onItem().ifNull().failWith(() -> ApiException.invalidConfig("credentialId",
                        "credentialId " + credentialId + " is not a credential of this organisation"))
                .invoke(credential -> {
                    if (credential.isOAuth() && !credential.oauthResource.equals(endpoint)) {
                        throw ApiException.invalidConfig("credentialId", "the OAuth credential " + credential.name
                                + " is for " + credential.oauthResource + "; its tokens are not sent to another endpoint");
                    }
                })
                .replaceWithVoid();
    }
}
