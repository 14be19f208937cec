package ai.crafted.integrations.approval;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;

/** Approval webhooks, one per organisation (by organisation id). */
@ApplicationScoped
public class ApprovalWebhookRepository implements PanacheRepositoryBase<ApprovalWebhookEntity, UUID> {
}
