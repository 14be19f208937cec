package ai.crafted.integrations.audit;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One line of the audit log.
 *
 * @param id         grows with every line
 * @param actor      the user's subject, or {@code system}
 * @param action     e.g. {@code tool_policy.updated}, {@code tool_version.accepted}, {@code tool_version.held},
 *                   {@code tool_settings.updated}
 * @param targetType {@code integration}, {@code tool}, …
 * @param targetId   the target's id (a tool: {@code <integrationId>/<tool name>})
 * @param details    what changed (a JSON object, typically {@code before} and {@code after}); may be null
 */
public record AuditEventView(long id, Instant occurredAt, String actor, String action, String targetType, String targetId,
        JsonNode details) {

    /** A page of lines, newest first. */
    public record Page(java.util.List<AuditEventView> items, int page, int size, long total) {
    }
}
