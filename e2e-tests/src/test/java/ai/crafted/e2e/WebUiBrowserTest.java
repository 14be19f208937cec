package ai.crafted.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import ai.crafted.testsupport.mcp.EverythingServer;
import ai.crafted.testsupport.mcp.FixtureMcpServer;
import ai.crafted.testsupport.mcp.ScriptedUpstream;

/**
 * The control-panel web UI in headless Chromium (Debian's package, driven by playwright-core):
 * the scenarios live in {@code src/test/browser/control-panel.test.mjs} (a first-time admin's walk
 * through every page) and {@code control-panel-ux.test.mjs} (no lost work, no guessing: all errors at
 * once, stale tabs, reloads after Create key, phone widths, accessibility) and run with Node's test
 * runner against the real stack, a real MCP server and a fixture MCP server that does not answer
 * in time. They
 * write a screenshot of every page to {@code docs/screenshots}.
 */
class WebUiBrowserTest {

    private static final List<String> SCREENSHOTS = List.of("01-dev-login", "02-plugins-empty", "03-credentials",
            "04-install-errors", "05-plugin-detail", "06-plugins-refreshing", "07-plugins-refresh-error",
            "08-whatsapp-app", "09-credentials-rotated-in-use", "10-api-key-created", "11-viewer-plugins",
            "12-forbidden-organisation", "13-plugins-phone", "14-plugin-detail-phone", "15-whatsapp-apps",
            "16-what-the-model-sees", "17-all-errors-at-once", "18-changed-meanwhile", "19-whatsapp-key-revoked",
            "20-plugin-with-tools-phone", "21-api-keys-search", "22-signed-out-change", "23-connection-test",
            "24-try-a-tool", "25-api-key-scope", "26-organisation-named", "27-usage");

    private static RunningStack stack;
    private static EverythingServer everything;
    /** Its {@code /slow} path never answers in time: the refresh stays busy, then fails. */
    private static FixtureMcpServer fixture;

    @BeforeAll
    static void start() {
        stack = RunningStack.shared();
        everything = stack.everything();
        fixture = FixtureMcpServer.start(stack.vertx());
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void controlPanelScenariosPassInHeadlessChromium() throws Exception {
        Path screenshots = BrowserScenarios.screenshots();
        Instant started = Instant.now().minusSeconds(1);

        BrowserScenarios.run(stack, "control-panel.test.mjs", "browser-tests.log", Map.of("MCP_URL", everything.endpoint(),
                "SILENT_MCP_URL", fixture.url("/slow"), "ORG_ID", UUID.randomUUID().toString(),
                "OTHER_ORG_ID", UUID.randomUUID().toString()));
        // The Usage scenario's model: calls the echo tool the gateway offers, then answers once the tool answered.
        stack.upstream().whenIdle(WebUiBrowserTest::echoOnce);
        try {
            BrowserScenarios.run(stack, "control-panel-ux.test.mjs", "browser-ux-tests.log", Map.of("MCP_URL", everything.endpoint(),
                    "UX_ORG_ID", UUID.randomUUID().toString(), "WEBHOOK_BASE_URL", stack.url("whatsapp-worker"),
                    "GATEWAY_URL", stack.url("gateway-service")));
        } finally {
            stack.upstream().whenIdle(null);
        }

        for (String name : SCREENSHOTS) {
            Path file = screenshots.resolve(name + ".png");
            assertThat(file).as(name).exists();
            assertThat(Files.size(file)).as(name + " size").isGreaterThan(5_000);
            assertThat(Files.getLastModifiedTime(file)).as(name + " written by this run")
                    .isGreaterThan(FileTime.from(started));
        }
    }

    /** A model that calls an offered {@code …__echo} tool once per conversation, then answers in words. */
    private static ObjectNode echoOnce(JsonNode request) {
        JsonNode messages = request.path("messages");
        boolean toolAnswered = messages.size() > 0 && "tool".equals(messages.get(messages.size() - 1).path("role").asText());
        for (JsonNode tool : request.path("tools")) {
            String name = tool.path("function").path("name").asText();
            if (!toolAnswered && name.endsWith("__echo")) {
                return ScriptedUpstream.toolCalls(name, "{\"message\":\"usage\"}");
            }
        }
        return ScriptedUpstream.text(toolAnswered ? "The echo tool answered." : "done");
    }
}
