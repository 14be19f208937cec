package ai.crafted.events;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Where and how to reach an MCP server; {@code timeoutMs} is null when the default applies. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record McpServerConfig(String endpoint, String transport, Integer timeoutMs) {
}
