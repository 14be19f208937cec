package ai.crafted.integrations.error;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import ai.crafted.http.EchoedText;

/**
 * {@code {"error": {"code": "...", "message": "...", "field": "..."}, "errors": [...]}}; field only
 * when one is to blame. {@code errors} lists every invalid field of the request (the first is
 * {@code error}), present whenever a field is to blame, so a form can mark them all after one
 * submit. Message and field often repeat what the client sent (a path, a field name, a value), so
 * both pass through {@link EchoedText}: controls, bidirectional overrides and noncharacters are
 * escaped and the text is bounded ({@link #MESSAGE_LIMIT}, {@link EchoedText#DEFAULT_LIMIT} for the field).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorResponse(Body error, List<Body> errors) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Body(String code, String message, String field) {

        static Body of(String code, String message, String field) {
            return new Body(code, message == null ? null : EchoedText.of(message, MESSAGE_LIMIT),
                    field == null ? null : EchoedText.of(field));
        }
    }

    /** Characters of a message kept before the ellipsis. */
    public static final int MESSAGE_LIMIT = EchoedText.MESSAGE_LIMIT;

    /** Fields listed at most; a request with more invalid fields than this is rare and the rest can wait. */
    public static final int ERRORS_LIMIT = 50;

    public static ErrorResponse of(String code, String message, String field) {
        Body error = Body.of(code, message, field);
        return new ErrorResponse(error, field == null ? null : List.of(error));
    }

    /** The first problem as {@code error}, each (up to {@link #ERRORS_LIMIT}) in {@code errors}. */
    public static ErrorResponse of(String code, String message, String field, List<FieldProblem> problems) {
        return new ErrorResponse(Body.of(code, message, field), problems.stream().limit(ERRORS_LIMIT)
                .map(p -> Body.of(p.code(), p.message(), p.field())).toList());
    }
}
