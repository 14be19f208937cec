package ai.crafted.integrations.approval;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;

/** The approvals projected from {@code approval-updated}, by approval id. */
@ApplicationScoped
public class ApprovalRepository implements PanacheRepositoryBase<ApprovalEntity, UUID> {
}
