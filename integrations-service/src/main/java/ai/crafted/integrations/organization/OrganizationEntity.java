package ai.crafted.integrations.organization;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * An organisation's own settings: for now its name. The id is the organisation's id from the
 * token's {@code crafted_orgs} claim; there is no row until an admin names the organisation.
 */
@Entity
@Table(name = "organizations")
public class OrganizationEntity {

    @Id
    public UUID id;

    /** Trimmed, 1 to {@value OrganizationService#NAME_MAX} characters. */
    @Column(nullable = false)
    public String name;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** The token subject of the admin who last named it. */
    @Column(name = "updated_by")
    public String updatedBy;
}
