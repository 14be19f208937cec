package ai.crafted.integrations.ui;

import static ai.crafted.integrations.ControlPanelApi.asAdmin;
import static ai.crafted.integrations.ControlPanelApi.install;
import static ai.crafted.integrations.ControlPanelApi.newOrg;
import static ai.crafted.integrations.approval.Approvals.next;
import static ai.crafted.integrations.approval.Approvals.pending;
import static ai.crafted.integrations.approval.Approvals.publish;
import static ai.crafted.integrations.approval.Approvals.publishAndAwait;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

import ai.crafted.events.ApprovalDecidedEvent;
import ai.crafted.events.ApprovalUpdatedEvent;
import ai.crafted.events.EventJson;
import ai.crafted.events.Topics;
import ai.crafted.testsupport.auth.DevTokens;
import ai.crafted.testsupport.kafka.TopicReader;
import ai.crafted.testsupport.mcp.NpmFixtures;
import ai.crafted.testsupport.postgres.TestDatabase;

/**
 * The Approvals page in headless Chromium ({@code src/test/browser/approvals.test.mjs}): a viewer
 * sees hostile arguments as text and no buttons, an admin approves one call (the gateway's part,
 * applying the decision, is played here), a phone width fits; screenshots 28-approvals,
 * 28-approvals-phone and 29-approval-approved go to {@code docs/screenshots}.
 */
@QuarkusTest
class UiApprovalsBrowserTest {

    private static final List<String> SCREENSHOTS = List.of("28-approvals", "28-approvals-phone", "29-approval-approved");

    @TestHTTPResource("/")
    URL base;

    @Test
    void anAdminApprovesACallInHeadlessChromium() throws Exception {
        String org = newOrg();
        String plugin = install(org, "files");
        String key = asAdmin(org).body("{\"name\":\"ops-bot\"}").post("/organizations/{org}/api-keys", org).then()
                .statusCode(201).extract().path("id");
        String app = asAdmin(org).body("""
                {"phoneNumberId":"%d","displayName":"Support line","accessToken":"t","appSecret":"s",
                 "verifyToken":"verify-browser","model":"gpt-4o-mini"}""".formatted(300000000L + (long) (Math.random() * 1e9)))
                .post("/organizations/{org}/whatsapp-apps", org).then().statusCode(201).extract().path("id");
        UUID appKey = (UUID) TestDatabase.query("select gateway_api_key_id from whatsapp_apps where id = ?::uuid", app).get(0)
                .get("gateway_api_key_id");
        UUID files = UUID.fromString(plugin);

        ApprovalUpdatedEvent refund = pending(org, UUID.fromString(key), files, "files__delete_file",
                "{\"path\":\"/srv/reports/2026-q3.csv\",\"recursive\":false}");
        publishAndAwait(refund);
        ApprovalUpdatedEvent whatsapp = pending(org, appKey, files, "files__move_file",
                "{\"from\":\"/inbox/invoice-7.pdf\",\"to\":\"/archive/\"}");
        publishAndAwait(new ApprovalUpdatedEvent(1, whatsapp.eventId(), whatsapp.occurredAt(), whatsapp.organizationId(),
                whatsapp.approvalId(), 1, "pending", ApprovalUpdatedEvent.SURFACE_WHATSAPP, appKey, "+44 7700 900123",
                files, whatsapp.toolCallId(), whatsapp.exposedName(), whatsapp.toolName(), whatsapp.toolHash(),
                whatsapp.arguments(), whatsapp.argumentsSha256(), whatsapp.requestedAt(), whatsapp.expiresAt(), null, null, null));
        ApprovalUpdatedEvent hostile = pending(org, UUID.fromString(key), files, "files__write_file",
                "{\"path\":\"/srv/x.html\",\"content\":\"<script>window.approvalsXss=true</script>\"}");
        publishAndAwait(hostile);
        ApprovalUpdatedEvent old = pending(org, UUID.fromString(key), files, "files__delete_file", "{\"path\":\"/tmp/old.log\"}");
        publishAndAwait(old);
        publishAndAwait(next(old, 2, "denied", "admin@" + org, "Logs are kept 30 days"));

        Path screenshots = Files.createDirectories(NpmFixtures.root().getParent().getParent().resolve("docs/screenshots"));
        Instant started = Instant.now().minusSeconds(1);
        try (TopicReader decisions = new TopicReader(Topics.APPROVAL_DECIDED)) {
            // The gateway's part: apply the browser's decision and publish the outcome.
            CompletableFuture<Void> gateway = CompletableFuture.runAsync(() -> {
                ApprovalDecidedEvent decision = EventJson.read(decisions.awaitForKey(refund.approvalId().toString(), 1,
                        Duration.ofSeconds(90)).get(0).value(), ApprovalDecidedEvent.class);
                publish(next(refund, 2, decision.approve() ? "approved" : "denied", decision.decidedBy(), decision.reason()));
            });
            run(screenshots, org, refund.approvalId());
            gateway.get(10, TimeUnit.SECONDS);
        }
        for (String name : SCREENSHOTS) {
            Path file = screenshots.resolve(name + ".png");
            assertThat(file).as(name).exists();
            assertThat(Files.size(file)).as(name + " size").isGreaterThan(5_000);
            assertThat(Files.getLastModifiedTime(file)).as(name + " written by this run").isGreaterThan(FileTime.from(started));
        }
    }

    private void run(Path screenshots, String org, UUID approve) throws Exception {
        Path module = Path.of("").toAbsolutePath();
        Path log = module.resolve("target/browser-approvals.log");
        ProcessBuilder node = new ProcessBuilder(NpmFixtures.node22().toString(), "--test", "--test-reporter=spec",
                module.resolve("src/test/browser/approvals.test.mjs").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        node.environment().put("UI_BASE_URL", base.toString().replaceAll("/$", ""));
        node.environment().put("NPM_FIXTURES", NpmFixtures.root().toString());
        node.environment().put("SCREENSHOT_DIR", screenshots.toString());
        node.environment().putIfAbsent("CHROMIUM_PATH", "/usr/bin/chromium");
        node.environment().put("ORG_ID", org);
        node.environment().put("ADMIN_TOKEN", DevTokens.admin(org));
        node.environment().put("VIEWER_TOKEN", DevTokens.viewer(org));
        node.environment().put("APPROVE_ID", approve.toString());
        Process process = node.start();
        boolean finished = process.waitFor(3, TimeUnit.MINUTES);
        if (!finished) {
            process.destroyForcibly();
        }
        String output = Files.readString(log);
        System.out.println(output);
        assertThat(finished).as("browser tests finished within 3 minutes:%n%s", output).isTrue();
        assertThat(process.exitValue()).as("browser tests (output above):%n%s", output).isZero();
        assertThat(output).contains("ℹ fail 0").containsPattern("ℹ pass [1-9]");
    }
}
