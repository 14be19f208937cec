package ai.crafted.integrations.oauth;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

import ai.crafted.events.CredentialStepUpRequestedEvent;
import ai.crafted.events.Topics;
import ai.crafted.integrations.credential.CredentialEntity;
import ai.crafted.integrations.credential.CredentialRepository;
import ai.crafted.http.EchoedText;
import ai.crafted.mcp.oauth.ScopeSyntax;
import ai.crafted.mcp.oauth.Scopes;
import ai.crafted.storeoutage.StoreOutage;

/**
 * Keeps the scope an MCP server asked for beyond an OAuth credential's grant (a
 * {@link CredentialStepUpRequestedEvent} from the services that call MCP servers), so the next
 * connect asks for it and the control panel shows that a reconnect is needed for it. A request
 * about another organisation's credential, an unknown or non-OAuth one, one the current grant
 * already covers, or of an unknown schema version is skipped. The credential's version does not
 * change: its grant still works for everything else.
 */
@ApplicationScoped
public class OAuthStepUpConsumer {

    private static final Logger LOG = Logger.getLogger(OAuthStepUpConsumer.class);
    /** Longest scope value kept, in characters. */
    static final int MAX_SCOPE_CHARS = 2000;

    private final CredentialRepository credentials;

    public OAuthStepUpConsumer(CredentialRepository credentials) {
        this.credentials = credentials;
    }

    @Incoming(Topics.CREDENTIAL_STEP_UP_REQUESTED)
    public Uni<Void> consume(CredentialStepUpRequestedEvent event) {
        return StoreOutage.retried(() -> apply(event), StoreOutage.CONSUMER_LIMIT);
    }

    private Uni<Void> apply(CredentialStepUpRequestedEvent event) {
        if (event == null || event.schemaVersion() != CredentialStepUpRequestedEvent.SCHEMA_VERSION
                || event.organizationId() == null || event.credentialId() == null || event.scope() == null) {
            LOG.warn("skipping a credential-step-up-requested record that is unreadable or of an unknown schema version");
            return Uni.createFrom().voidItem();
        }
        if (!ScopeSyntax.isValid(event.scope())) {
            // It is sent to the authorization server on the next connect and shown to admins: only a scope value goes.
            LOG.warnf("skipping a step-up request for OAuth credential %s: its scope is not a scope value (RFC 6749 section 3.3)",
                    event.credentialId());
            return Uni.createFrom().voidItem();
        }
        return Panache.withTransaction(() -> credentials.findOwnedForUpdate(event.organizationId(), event.credentialId())
                .chain(credential -> credential == null || !credential.isOAuth() ? Uni.createFrom().voidItem()
                        : remember(credential, event)));
    }

    private Uni<Void> remember(CredentialEntity credential, CredentialStepUpRequestedEvent event) {
        String missing = Scopes.missing(event.scope(), Scopes.union(credential.oauthScope, credential.oauthStepUpScope));
        if (missing == null) {
            return Uni.createFrom().voidItem(); // granted by a reconnect since, or already asked for
        }
        String wanted = Scopes.union(credential.oauthStepUpScope, missing);
        if (wanted.length() > MAX_SCOPE_CHARS) {
            LOG.warnf("OAuth credential %s: a step-up to scope of %d characters is not kept", credential.id, wanted.length());
            return Uni.createFrom().voidItem();
        }
        LOG.infof("OAuth credential %s needs a reconnect for scope %s (tool %s of plugin %s)", credential.id, missing,
                EchoedText.of(event.toolName()), event.integrationId());
        return credentials.update("oauthStepUpScope = ?1 where id = ?2", wanted, credential.id).replaceWithVoid();
    }
}
