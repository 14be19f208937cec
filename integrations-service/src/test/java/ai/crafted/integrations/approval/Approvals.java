package ai.crafted.integrations.approval;

import static ai.crafted.integrations.ControlPanelApi.asAdmin;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.apache.kafka.common.utils.Utils;

import ai.crafted.events.ApprovalUpdatedEvent;
import ai.crafted.events.Topics;
import ai.crafted.testsupport.kafka.TopicWriter;

/** The gateway's part in approval tests: approval-updated events played on the test broker. */
public final class Approvals {

    private Approvals() {
    }

    /** A pending approval of {@code exposedName} asked with the API key, expiring in 15 minutes. */
    public static ApprovalUpdatedEvent pending(String org, UUID apiKeyId, UUID integrationId, String exposedName,
            String arguments) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return new ApprovalUpdatedEvent(ApprovalUpdatedEvent.SCHEMA_VERSION, UUID.randomUUID(), now, UUID.fromString(org),
                UUID.randomUUID(), 1, ApprovalUpdatedEvent.PENDING, ApprovalUpdatedEvent.SURFACE_API, apiKeyId, null,
                integrationId, "call_" + UUID.randomUUID().toString().substring(0, 8), exposedName,
                exposedName.substring(exposedName.indexOf("__") + 2), "sha256:41aa", arguments, "9f".repeat(32), now,
                now.plus(Duration.ofMinutes(15)), null, null, null);
    }

    /** The next version of the approval with another status, decided by {@code decidedBy}. */
    public static ApprovalUpdatedEvent next(ApprovalUpdatedEvent e, long version, String status, String decidedBy, String reason) {
        return new ApprovalUpdatedEvent(e.schemaVersion(), UUID.randomUUID(), Instant.now(), e.organizationId(), e.approvalId(),
                version, status, e.surface(), e.apiKeyId(), e.conversation(), e.integrationId(), e.toolCallId(), e.exposedName(),
                e.toolName(), e.toolHash(), e.arguments(), e.argumentsSha256(), e.requestedAt(), e.expiresAt(),
                decidedBy == null ? null : Instant.now().truncatedTo(ChronoUnit.MILLIS), decidedBy, reason);
    }

    /** Publishes the state as the gateway does (keyed by approval id). */
    public static void publish(ApprovalUpdatedEvent event) {
        TopicWriter.send(Topics.APPROVAL_UPDATED, event.approvalId().toString(), event);
    }

    /** Publishes the state and waits until the API shows that version. */
    public static void publishAndAwait(ApprovalUpdatedEvent event) {
        publish(event);
        String org = event.organizationId().toString();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            var response = asAdmin(org).get("/organizations/{org}/approvals/{id}", org, event.approvalId());
            return response.statusCode() == 200 && response.jsonPath().getLong("version") == event.version();
        });
    }

    /** An approval id whose records go to the same partition of approval-updated as {@code other}'s (3 partitions). */
    public static UUID samePartitionAs(UUID other) {
        int wanted = partition(other);
        while (true) {
            UUID candidate = UUID.randomUUID();
            if (partition(candidate) == wanted) {
                return candidate;
            }
        }
    }

    private static int partition(UUID key) {
        return Utils.toPositive(Utils.murmur2(key.toString().getBytes(StandardCharsets.UTF_8))) % 3;
    }
}
