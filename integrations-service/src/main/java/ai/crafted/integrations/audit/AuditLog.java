package ai.crafted.integrations.audit;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Writes the organisation's audit log: who changed a tool policy, accepted a tool version,
 * approved or denied a tool call, narrowed a surface. Call it inside the transaction of the
 * change (a {@code @WithTransaction} service method): the line exists exactly when the change does.
 */
@ApplicationScoped
public class AuditLog {

    /** The actor of what the service did by itself (a catalog version that held a tool, an expiry). */
    public static final String SYSTEM = "system";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A value as JSON for {@code details} (records, lists; null as JSON null). */
    public static JsonNode json(Object value) {
        return JSON.valueToTree(value);
    }

    /**
     * @param actor      the user's subject, or {@link #SYSTEM}; at most 255 characters
     * @param action     a dotted verb such as {@code tool_policy.updated}; at most 64 characters
     * @param targetType {@code integration}, {@code tool}, {@code approval}, {@code api_key}, {@code whatsapp_app}
     * @param targetId   the target's id (a tool: {@code <integrationId>/<tool name>})
     * @param details    what changed, a JSON object without secrets; may be null
     */
    public Uni<Void> record(UUID organizationId, String actor, String action, String targetType, String targetId,
            JsonNode details) {
        AuditEventEntity row = new AuditEventEntity();
        row.organizationId = organizationId;
        row.occurredAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        row.actor = actor == null ? SYSTEM : actor;
        row.action = action;
        row.targetType = targetType;
        row.targetId = targetId;
        row.details = details == null ? null : details.toString();
        return Panache.getSession().chain(session -> session.persist(row)).replaceWithVoid();
    }
}
