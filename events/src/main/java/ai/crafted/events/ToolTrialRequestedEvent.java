package ai.crafted.events;

import java.time.Instant;
import java.util.UUID;

/**
 * An admin asked, in the control panel, to call one tool of a plugin with given arguments ("Try
 * tool"), published by integrations-service (transactional outbox) on
 * {@link Topics#TOOL_TRIAL_REQUESTED} keyed by integration id. gateway-service runs it once with
 * the same executor and rules as a model's tool call and answers with a
 * {@link ToolTrialCompletedEvent}. A request that reaches the gateway after {@code expiresAt} is
 * not run (it answers {@code expired}): a call is never made long after someone asked for it.
 *
 * @param toolName  the tool's MCP name (as the server lists it, not the {@code slug__tool} name)
 * @param arguments the arguments, one JSON object as text
 */
public record ToolTrialRequestedEvent(
        int schemaVersion,
        UUID eventId,
        Instant occurredAt,
        UUID organizationId,
        UUID trialId,
        UUID integrationId,
        String toolName,
        String arguments,
        Instant expiresAt) {

    public static final int SCHEMA_VERSION = 1;
}
