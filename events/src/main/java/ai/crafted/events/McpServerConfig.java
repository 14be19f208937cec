package ai.crafted.events;

import java.time.Duration;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Where and how to reach an MCP server, as the product spec's {@code config} object describes it.
 *
 * @param endpoint  absolute URL of the MCP server (https in production)
 * @param transport never null once validated; {@link McpTransport#STREAMABLE_HTTP} by default
 * @param timeoutMs per-request timeout in milliseconds, null when the default applies; the spec
 *                  caps it at {@value #MAX_TIMEOUT_MS} ms
 * @param toolResultMaxChars the longest tool result of this server passed to the model, in
 *                  characters (longer ones are cut with a note); null for the gateway's default
 *                  ({@code gateway.tool-results.max-chars}); at most {@value #MAX_TOOL_RESULT_CHARS}.
 *                  Not part of what the catalog depends on ({@link ConfigFingerprint})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record McpServerConfig(String endpoint, McpTransport transport, Integer timeoutMs, Integer toolResultMaxChars) {

    /** The spec's cap: "Optional request timeout, capped at 60 seconds". */
    public static final int MAX_TIMEOUT_MS = 60_000;

    /** The hard cap of {@code toolResultMaxChars}: 1 Mi characters, a sizeable part of any model's context. */
    public static final int MAX_TOOL_RESULT_CHARS = 1_048_576;

    /** The smallest {@code toolResultMaxChars}: room for a useful answer and the note that it was cut. */
    public static final int MIN_TOOL_RESULT_CHARS = 256;

    /** A configuration without its own tool result limit. */
    public McpServerConfig(String endpoint, McpTransport transport, Integer timeoutMs) {
        this(endpoint, transport, timeoutMs, null);
    }

    /** What an integration without {@code timeoutMs} gets. */
    public static final int DEFAULT_TIMEOUT_MS = 30_000;

    /** The timeout to apply: {@code timeoutMs}, or the default when absent; never above the cap. */
    @JsonIgnore
    public Duration timeout() {
        return timeoutFor(timeoutMs);
    }

    /** The same rule for a bare {@code timeoutMs} value (null or non-positive: the default). */
    public static Duration timeoutFor(Integer timeoutMs) {
        if (timeoutMs == null || timeoutMs <= 0) {
            return Duration.ofMillis(DEFAULT_TIMEOUT_MS);
        }
        return Duration.ofMillis(Math.min(timeoutMs, MAX_TIMEOUT_MS));
    }
}
