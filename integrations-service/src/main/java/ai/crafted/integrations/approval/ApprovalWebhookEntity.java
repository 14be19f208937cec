package ai.crafted.integrations.approval;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An organisation's signed webhook for new pending approvals ({@link ApprovalWebhookService}). */
@Entity
@Table(name = "approval_webhooks")
public class ApprovalWebhookEntity {

    @Id
    @Column(name = "organization_id")
    public UUID organizationId;

    @Column(nullable = false)
    public String url;

    /** The signing secret, a {@code SealedSecret} (JSON) of the at-rest keyring; never shown again. */
    @Column(name = "secret_sealed", nullable = false)
    public String secretSealed;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "created_by")
    public String createdBy;
}
