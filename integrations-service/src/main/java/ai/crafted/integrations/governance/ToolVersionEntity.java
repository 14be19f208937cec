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

/** One version of one tool of a plugin, by its hash; what any two versions are compared with. Never updated. */
@Entity
@Table(name = "tool_versions")
@IdClass(ToolVersionEntity.Key.class)
public class ToolVersionEntity {

    @Id
    @Column(name = "integration_id")
    public UUID integrationId;

    @Id
    public String name;

    /** {@code "sha256:<hex>"} of the raw tool object (catalog-refresher's {@code toolHashes}). */
    @Id
    public String hash;

    /** The {@code ToolDescriptor} as JSON: name, title, description, inputSchema, annotations. */
    @Column(nullable = false, updatable = false)
    public String descriptor;

    @Column(name = "first_seen_at", nullable = false, updatable = false)
    public Instant firstSeenAt;

    public static class Key implements Serializable {
        public UUID integrationId;
        public String name;
        public String hash;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(integrationId, k.integrationId) && Objects.equals(name, k.name)
                    && Objects.equals(hash, k.hash);
        }

        @Override
        public int hashCode() {
            return Objects.hash(integrationId, name, hash);
        }
    }
}
