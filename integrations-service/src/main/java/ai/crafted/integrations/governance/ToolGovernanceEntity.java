package ai.crafted.integrations.governance;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A plugin's governance settings: what happens to new tools and the version of its latest
 * {@code tool-policy-updated} record. Created with the plugin's first catalog version or first
 * policy change; absent means the defaults ({@code new_tools = enabled}, nothing published).
 */
@Entity
@Table(name = "tool_governance")
public class ToolGovernanceEntity {

    @Id
    @Column(name = "integration_id")
    public UUID integrationId;

    @Column(name = "organization_id", nullable = false, updatable = false)
    public UUID organizationId;

    /** {@link NewTools#wire()}. */
    @Column(name = "new_tools", nullable = false)
    public String newTools = NewTools.ENABLED.wire();

    @Column(name = "policy_version", nullable = false)
    public long policyVersion;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "updated_by", nullable = false)
    public String updatedBy;

    public NewTools newTools() {
        return NewTools.fromWire(newTools);
    }
}
