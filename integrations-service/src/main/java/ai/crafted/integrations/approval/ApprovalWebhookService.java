package ai.crafted.integrations.approval;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

import ai.crafted.events.EventJson;
import ai.crafted.events.SealedSecret;
import ai.crafted.integrations.audit.AuditLog;
import ai.crafted.integrations.credential.CredentialKeyrings;
import ai.crafted.integrations.error.ApiException;
import ai.crafted.integrations.error.ErrorCodes;
import ai.crafted.integrations.error.RequestChecks;
import ai.crafted.integrations.integration.EndpointPolicy;

/**
 * An organisation's signed webhook for new pending approvals: a URL held to the rules of MCP
 * endpoints ({@link EndpointPolicy}: public https; the address is checked again at each
 * connection) and a signing secret generated here, sealed with the at-rest keyring and shown only
 * in the answer that generated it. Deliveries: {@link ApprovalWebhookDeliveries}.
 */
@ApplicationScoped
public class ApprovalWebhookService {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final ApprovalWebhookRepository webhooks;
    private final CredentialKeyrings keyrings;
    private final EndpointPolicy policy;
    private final RequestChecks checks;
    private final AuditLog audit;
    private final ObjectMapper json;

    public ApprovalWebhookService(ApprovalWebhookRepository webhooks, CredentialKeyrings keyrings, EndpointPolicy policy,
            RequestChecks checks, AuditLog audit, ObjectMapper json) {
        this.webhooks = webhooks;
        this.keyrings = keyrings;
        this.policy = policy;
        this.checks = checks;
        this.audit = audit;
        this.json = json;
    }

    /** The associated data binding a sealed signing secret to its organisation. */
    static String associatedData(UUID organizationId) {
        return "approval-webhook:" + organizationId;
    }

    /**
     * Sets the organisation's webhook (replacing one it had, with a new secret).
     *
     * @return the webhook with its new signing secret (the only time it is shown)
     * @throws ApiException 400 {@code invalid_request} naming {@code url} for a URL that is not public https
     */
    @WithTransaction
    public Uni<ApprovalWebhookView> set(UUID organizationId, ApprovalWebhookRequest request, String actor) {
        checks.validated(request);
        String url = checkedUrl(request.url());
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String secret = "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        return webhooks.findById(organizationId).chain(found -> {
            ApprovalWebhookEntity webhook = found != null ? found : new ApprovalWebhookEntity();
            webhook.organizationId = organizationId;
            webhook.url = url;
            webhook.secretSealed = EventJson.write(keyrings.sealAtRest(secret, associatedData(organizationId)));
            webhook.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
            webhook.createdBy = actor;
            return (found != null ? Uni.createFrom().item(webhook) : webhooks.persist(webhook))
                    .call(saved -> audit.record(organizationId, actor, "approval_webhook.set", "approval_webhook",
                            organizationId.toString(), json.createObjectNode().put("url", url)))
                    .map(saved -> new ApprovalWebhookView(saved.url, secret, saved.createdAt, saved.createdBy));
        });
    }

    /** The organisation's webhook without its secret, or 404 {@code not_found}. */
    @WithSession
    public Uni<ApprovalWebhookView> get(UUID organizationId) {
        return webhooks.findById(organizationId).map(found -> {
            if (found == null) {
                throw ApiException.notFound("approval webhook");
            }
            return new ApprovalWebhookView(found.url, null, found.createdAt, found.createdBy);
        });
    }

    /** Removes the webhook and its undelivered POSTs; nothing to remove is fine. */
    @WithTransaction
    public Uni<Void> delete(UUID organizationId, String actor) {
        return webhooks.deleteById(organizationId).chain(deleted -> !deleted ? Uni.createFrom().voidItem()
                : Panache.getSession().chain(session -> session.createNativeQuery("delete from approval_webhook_deliveries"
                        + " where organization_id = ?1 and delivered_at is null").setParameter(1, organizationId).executeUpdate())
                        .chain(() -> audit.record(organizationId, actor, "approval_webhook.deleted", "approval_webhook",
                                organizationId.toString(), null)));
    }

    /** The signing secret of a webhook row. */
    String secretOf(UUID organizationId, String sealed) {
        return keyrings.openAtRest(EventJson.read(sealed, SealedSecret.class), associatedData(organizationId));
    }

    private String checkedUrl(String url) {
        try {
            return policy.check(url);
        } catch (ApiException e) {
            throw new ApiException(400, ErrorCodes.INVALID_REQUEST, e.getMessage().replace("endpoint", "url"), "url");
        }
    }
}
