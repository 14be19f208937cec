package ai.crafted.events;

import java.time.Instant;
import java.util.UUID;

/**
 * What a tool trial ({@link ToolTrialRequestedEvent}) came to, published by gateway-service on
 * {@link Topics#TOOL_TRIAL_COMPLETED} keyed by trial id, for integrations-service to record.
 *
 * @param outcome    the gateway's tool-call outcome ({@code ok}, {@code tool_error},
 *                   {@code bad_arguments}, {@code error}), or {@code refused} (the gateway has no
 *                   such plugin or tool for the organisation), or {@code expired} (asked too long ago)
 * @param result     the text a model would have read (the tool's result, or what went wrong),
 *                   cut to at most {@link #MAX_RESULT_CHARS} characters
 * @param durationMs how long the call took, in milliseconds (0 when none was made)
 */
public record ToolTrialCompletedEvent(
        int schemaVersion,
        UUID eventId,
        Instant occurredAt,
        UUID organizationId,
        UUID trialId,
        String outcome,
        String result,
        long durationMs) {

    public static final int SCHEMA_VERSION = 1;
    /** The longest result carried, in characters (a trial is for reading, not for bulk data). */
    public static final int MAX_RESULT_CHARS = 32_000;
}
