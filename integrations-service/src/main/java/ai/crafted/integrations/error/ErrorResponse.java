package ai.crafted.integrations.error;

import com.fasterxml.jackson.annotation.JsonInclude;

import ai.crafted.http.EchoedText;

/**
 * {@code {"error": {"code": "...", "message": "...", "field": "..."}}}; field only when one is to
 * blame. Message and field often repeat what the client sent (a path, a field name, a value), so
 * both pass through {@link EchoedText}: controls, bidirectional overrides and noncharacters are
 * escaped and the text is bounded ({@link #MESSAGE_LIMIT}, {@link EchoedText#DEFAULT_LIMIT} for the field).
 */
public record ErrorResponse(Body error) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Body(String code, String message, String field) {
    }

    /** Characters of a message kept before the ellipsis. */
    public static final int MESSAGE_LIMIT = EchoedText.MESSAGE_LIMIT;

    public static ErrorResponse of(String code, String message, String field) {
        return new ErrorResponse(new Body(code, message == null ? null : EchoedText.of(message, MESSAGE_LIMIT),
                field == null ? null : EchoedText.of(field)));
    }
}
