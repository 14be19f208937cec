package ai.crafted.integrations.approval;

import static ai.crafted.integrations.ControlPanelApi.asAdmin;
import static ai.crafted.integrations.ControlPanelApi.asViewer;
import static ai.crafted.integrations.ControlPanelApi.newOrg;
import static ai.crafted.integrations.approval.Approvals.pending;
import static ai.crafted.integrations.approval.Approvals.publishAndAwait;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.junit.QuarkusTest;

import ai.crafted.events.ApprovalUpdatedEvent;
import ai.crafted.testsupport.postgres.TestDatabase;

/**
 * The signed approval webhook: admins set it (the secret is answered once, stored sealed), a new
 * pending approval is POSTed to it with a Crafted-Signature the receiver verifies with that secret,
 * a failing receiver is tried again, and nothing is sent once it is removed.
 */
@QuarkusTest
class ApprovalWebhookTest {

    private static final Pattern SIGNATURE = Pattern.compile("t=(\\d+),v1=([0-9a-f]{64})");

    /** What the receiver got: the signature header and the raw body of each POST. */
    record Received(String signature, String body) {
    }

    @Test
    void aNewPendingApprovalIsPostedSignedAndRetriedUntilTheReceiverTakesIt() throws Exception {
        List<Received> received = new CopyOnWriteArrayList<>();
        AtomicInteger answers = new AtomicInteger();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            received.add(new Received(exchange.getRequestHeaders().getFirst("Crafted-Signature"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            // The first POST fails: the delivery is tried again.
            exchange.sendResponseHeaders(answers.getAndIncrement() == 0 ? 503 : 204, -1);
            exchange.close();
        });
        receiver.start();
        try {
            String org = newOrg();
            String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
            String secret = asAdmin(org).body("{\"url\":\"" + url + "\"}").put("/organizations/{org}/approval-webhook", org).then()
                    .statusCode(200).body("url", equalTo(url)).body("secret", startsWith("whsec_"))
                    .body("createdBy", equalTo("admin@" + org)).extract().path("secret");
            asViewer(org).get("/organizations/{org}/approval-webhook", org).then().statusCode(200).body("url", equalTo(url))
                    .body("secret", nullValue());
            String sealed = String.valueOf(TestDatabase.query("select secret_sealed from approval_webhooks where organization_id"
                    + " = ?::uuid", org).get(0).get("secret_sealed"));
            assertThat(sealed).doesNotContain(secret.substring(6));

            ApprovalUpdatedEvent asked = pending(org, UUID.randomUUID(), null, "files__delete_file", "{\"path\":\"/srv/a\"}");
            publishAndAwait(asked);
            await().atMost(Duration.ofSeconds(30)).until(() -> received.size() >= 2);

            for (Received post : received) {
                Matcher m = SIGNATURE.matcher(post.signature());
                assertThat(m.matches()).as(post.signature()).isTrue();
                long t = Long.parseLong(m.group(1));
                assertThat(Math.abs(Instant.now().getEpochSecond() - t)).isLessThan(120);
                assertThat(m.group(2)).as("HMAC-SHA256(secret, t.body)")
                        .isEqualTo(ApprovalWebhookSignature.hmac(secret, t + "." + post.body()));
                // A forged body does not verify.
                assertThat(m.group(2)).isNotEqualTo(ApprovalWebhookSignature.hmac(secret, t + "." + post.body() + " "));
            }
            JsonNode body = new ObjectMapper().readTree(received.get(1).body());
            assertThat(body.path("approvalId").asText()).isEqualTo(asked.approvalId().toString());
            assertThat(body.path("status").asText()).isEqualTo("pending");
            assertThat(body.path("exposedName").asText()).isEqualTo("files__delete_file");
            assertThat(body.path("arguments").asText()).isEqualTo("{\"path\":\"/srv/a\"}");
            await().atMost(Duration.ofSeconds(10)).until(() -> TestDatabase.query("select delivered_at from"
                    + " approval_webhook_deliveries where approval_id = ?::uuid", asked.approvalId().toString()).get(0)
                    .get("delivered_at") != null);
            assertThat(TestDatabase.query("select count(*) as n from audit_events where organization_id = ?::uuid and action ="
                    + " 'approval_webhook.set'", org).get(0).get("n")).isEqualTo(1L);

            // Removed: the next approval is not posted.
            asViewer(org).delete("/organizations/{org}/approval-webhook", org).then().statusCode(403);
            asAdmin(org).delete("/organizations/{org}/approval-webhook", org).then().statusCode(204);
            asAdmin(org).get("/organizations/{org}/approval-webhook", org).then().statusCode(404);
            publishAndAwait(pending(org, UUID.randomUUID(), null, "files__delete_file", "{}"));
            Thread.sleep(3_000);
            assertThat(received).hasSize(2);
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void onlyAnAdminSetsAWebhookAndOnlyToAPublicHttpsUrl() throws IOException {
        String org = newOrg();
        asViewer(org).body("{\"url\":\"https://hooks.example.com/a\"}").put("/organizations/{org}/approval-webhook", org).then()
                .statusCode(403).body("error.code", equalTo("forbidden"));
        for (String url : List.of("http://hooks.example.com/a", "https://10.0.0.7/hook", "https://169.254.169.254/latest",
                "ftp://hooks.example.com/", "not a url")) {
            asAdmin(org).body("{\"url\":\"" + url + "\"}").put("/organizations/{org}/approval-webhook", org).then()
                    .statusCode(400).body("error.code", equalTo("invalid_request")).body("error.field", equalTo("url"));
        }
        asAdmin(org).body("{}").put("/organizations/{org}/approval-webhook", org).then().statusCode(400)
                .body("error.field", equalTo("url"));
    }
}
