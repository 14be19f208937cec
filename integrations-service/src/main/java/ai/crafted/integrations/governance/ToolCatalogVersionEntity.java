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

/** One catalog version of a plugin (1, 2, …), stored when a refresh changed anything. Never updated. */
@Entity
@Table(name = "tool_catalog_versions")
@IdClass(ToolCatalogVersionEntity.Key.class)
public class ToolCatalogVersionEntity {

    @Id
    @Column(name = "integration_id")
    public UUID integrationId;

    @Id
    public int number;

    @Column(name = "organization_id", nullable = false, updatable = false)
    public UUID organizationId;

    /** catalog-refresher's {@code catalogVersion} of this catalog. */
    @Column(name = "catalog_hash", nullable = false, updatable = false)
    public String catalogHash;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    /** JSON array of {@code {"name","hash"}} in catalog order ({@link CatalogTool}). */
    @Column(nullable = false, updatable = false)
    public String tools;

    /** JSON of a {@link CatalogDiff}. */
    @Column(nullable = false, updatable = false)
    public String diff;

    public static class Key implements Serializable {
        public UUID integrationId;
        public int number;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(integrationId, k.integrationId) && number == k.number;
        }

        @Override
        public int hashCode() {
            return Objects.hash(integrationId, number);
        }
    }
}
