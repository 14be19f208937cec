package ai.crafted.integrations.error;

import com.fasterxml.jackson.annotation.JsonInclude;

/** {@code {"error": {"code": "...", "message": "...", "field": "..."}}}; field only when one is to blame. */
public record ErrorResponse(Body error) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Body(String code, String message, String field) {
    }

    public static ErrorResponse of(String code, String message, String field) {
        return new ErrorResponse(new Body(code, message, field));
    }
}
