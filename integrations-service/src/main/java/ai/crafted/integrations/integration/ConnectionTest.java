package ai.crafted.integrations.integration;

import java.util.List;

/**
 * What "Test connection" found: {@code ok} with the MCP protocol version the server answered and
 * its tools (count and names, at most {@value #NAMES_SHOWN} names), or not {@code ok} with the
 * error as the refresher would record it (credential values redacted). {@code elapsedMs}: the
 * test's wall time in milliseconds.
 */
public record ConnectionTest(boolean ok, String protocolVersion, int toolCount, List<String> tools, String error,
        long elapsedMs) {

    public static final int NAMES_SHOWN = 20;
}
