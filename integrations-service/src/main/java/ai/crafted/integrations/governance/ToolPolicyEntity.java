package ai.crafted.integrations.governance;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** The organisation's decision about one tool of one plugin. */
@Entity
@Table(name = "tool_policies")
@IdClass(ToolPolicyEntity.Key.class)
public class ToolPolicyEntity {

    @Id
    @Column(name = "integration_id")
    public UUID integrationId;

    @Id
    public String name;

    @Column(nullable = false)
    public boolean enabled = true;

    /** The accepted version's hash; null: none accepted yet (a held new tool). */
    @Column(name = "accepted_hash")
    public String acceptedHash;

    /** {@link ApprovalOverride#wire()}, or null: the accepted version's {@code destructiveHint} decides. */
    @Column(name = "approval_override")
    public String approvalOverride;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "updated_by", nullable = false)
    public String updatedBy;

    public static class Key implements Serializable {
        public UUID integrationId;
        public String name;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(integrationId, k.integrationId) && Objects.equals(name, k.name);
        }

        @Override
        public int hashCode() {
            return Objects.hash(integrationId, name);
        }
    }
}
