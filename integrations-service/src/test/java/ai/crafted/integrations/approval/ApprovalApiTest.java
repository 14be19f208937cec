package ai.crafted.integrations.approval;

import static ai.crafted.integrations.ControlPanelApi.asAdmin;
import static ai.crafted.integrations.ControlPanelApi.asViewer;
import static ai.crafted.integrations.ControlPanelApi.install;
import static ai.crafted.integrations.ControlPanelApi.newOrg;
import static ai.crafted.integrations.approval.Approvals.next;
import static ai.crafted.integrations.approval.Approvals.pending;
import static ai.crafted.integrations.approval.Approvals.publish;
import static ai.crafted.integrations.approval.Approvals.publishAndAwait;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;

import ai.crafted.events.ApprovalDecidedEvent;
import ai.crafted.events.ApprovalUpdatedEvent;
import ai.crafted.events.EventJson;
import ai.crafted.events.Topics;
import ai.crafted.testsupport.kafka.TopicReader;
import ai.crafted.testsupport.postgres.TestDatabase;

/**
 * Approvals over the API: projected from the gateway's approval-updated (played on the broker),
 * listed and read by members, decided by admins through approval-decided with an audit line, and
 * only while pending and unexpired.
 */
@QuarkusTest
class ApprovalApiTest {

    private static final String DELETE = "{\"path\":\"/srv/reports/2026.csv\",\"recursive\":false}";

    @Test
    void theLatestVersionIsKeptAndAnOlderOneArrivingLateChangesNothing() {
        String org = newOrg();
        ApprovalUpdatedEvent first = pending(org, UUID.randomUUID(), null, "files__delete_file", DELETE);
        publishAndAwait(first);
        asViewer(org).get("/organizations/{org}/approvals/{id}", org, first.approvalId()).then().statusCode(200)
                .body("status", equalTo("pending")).body("exposedName", equalTo("files__delete_file"))
                .body("toolName", equalTo("delete_file")).body("arguments", equalTo(DELETE))
                .body("argumentsSha256", equalTo("9f".repeat(32))).body("toolHash", equalTo("sha256:41aa"))
                .body("surface", equalTo("api")).body("sentDecision", nullValue());

        publishAndAwait(next(first, 3, "approved", "admin@elsewhere", "ok"));
        // Version 2 comes late (after 3), then a marker on the same partition: once the marker shows, 2 was read.
        publish(next(first, 2, "denied", "someone", "late"));
        ApprovalUpdatedEvent marker = pending(org, null, null, "files__list", "{}");
        marker = new ApprovalUpdatedEvent(1, marker.eventId(), marker.occurredAt(), marker.organizationId(),
                Approvals.samePartitionAs(first.approvalId()), 1, "pending", "api", null, null, null, "call_m", "files__list",
                "list", null, "{}", "00", marker.requestedAt(), marker.expiresAt(), null, null, null);
        publishAndAwait(marker);

        asAdmin(org).get("/organizations/{org}/approvals/{id}", org, first.approvalId()).then().statusCode(200)
                .body("version", equalTo(3)).body("status", equalTo("approved")).body("decidedBy", equalTo("admin@elsewhere"))
                .body("reason", equalTo("ok"));
        // The same version again (a redelivery) and another organisation's claim on the id change nothing either.
        publish(next(first, 3, "used", null, null));
        ApprovalUpdatedEvent forged = next(first, 9, "denied", "intruder", null);
        publish(new ApprovalUpdatedEvent(1, UUID.randomUUID(), Instant.now(), UUID.randomUUID(), first.approvalId(), 9,
                "denied", "api", null, null, null, null, "x", "x", null, "{}", "00", forged.requestedAt(), forged.expiresAt(),
                null, "intruder", null));
        publishAndAwait(next(marker, 2, "expired", null, "expired"));
        asAdmin(org).get("/organizations/{org}/approvals/{id}", org, first.approvalId()).then().statusCode(200)
                .body("version", equalTo(3)).body("status", equalTo("approved"));
    }

    @Test
    void membersListApprovalsNewestFirstByStatusWithWhoAskedInWords() {
        String org = newOrg();
        String plugin = install(org, "files");
        String key = asAdmin(org).body("{\"name\":\"ops-bot\"}").post("/organizations/{org}/api-keys", org).then()
                .statusCode(201).extract().path("id");
        String app = asAdmin(org).body("""
                {"phoneNumberId":"%d","displayName":"Support line","accessToken":"t","appSecret":"s",
                 "verifyToken":"verify-approvals","model":"gpt-4o-mini"}""".formatted(200000000L + (long) (Math.random() * 1e9)))
                .post("/organizations/{org}/whatsapp-apps", org).then().statusCode(201).extract().path("id");
        UUID appKey = (UUID) TestDatabase.query("select gateway_api_key_id from whatsapp_apps where id = ?::uuid", app).get(0)
                .get("gateway_api_key_id");

        ApprovalUpdatedEvent byKey = pending(org, UUID.fromString(key), UUID.fromString(plugin), "files__delete_file", DELETE);
        publishAndAwait(byKey);
        ApprovalUpdatedEvent byApp = pending(org, appKey, UUID.fromString(plugin), "files__delete_file", "{\"path\":\"/tmp/a\"}");
        byApp = new ApprovalUpdatedEvent(1, byApp.eventId(), byApp.occurredAt(), byApp.organizationId(), byApp.approvalId(), 1,
                "pending", ApprovalUpdatedEvent.SURFACE_WHATSAPP, appKey, "conv-7", byApp.integrationId(), byApp.toolCallId(),
                byApp.exposedName(), byApp.toolName(), byApp.toolHash(), byApp.arguments(), byApp.argumentsSha256(),
                byApp.requestedAt().plusSeconds(1), byApp.expiresAt(), null, null, null);
        publishAndAwait(byApp);
        ApprovalUpdatedEvent denied = pending(org, UUID.fromString(key), UUID.fromString(plugin), "files__delete_file", "{}");
        publishAndAwait(denied);
        publishAndAwait(next(denied, 2, "denied", "admin@" + org, "no"));

        asViewer(org).get("/organizations/{org}/approvals?status=pending", org).then().statusCode(200)
                .body("total", equalTo(2)).body("page", equalTo(0))
                .body("items.id", contains(byApp.approvalId().toString(), byKey.approvalId().toString()))
                .body("items[0].whatsappAppName", equalTo("Support line")).body("items[0].whatsappAppId", equalTo(app))
                .body("items[0].conversation", equalTo("conv-7")).body("items[0].surface", equalTo("whatsapp"))
                .body("items[1].apiKeyName", equalTo("ops-bot")).body("items[1].whatsappAppName", nullValue())
                .body("items[1].pluginName", equalTo("Plugin files"));
        asViewer(org).get("/organizations/{org}/approvals?status=denied", org).then().statusCode(200)
                .body("items.id", contains(denied.approvalId().toString())).body("items[0].decidedBy", equalTo("admin@" + org));
        var everything = asViewer(org).get("/organizations/{org}/approvals", org).then().statusCode(200)
                .body("total", equalTo(3)).extract().jsonPath();
        List<String> all = everything.getList("items.id", String.class);
        assertThat(everything.getList("items.requestedAt", String.class).stream().map(Instant::parse).toList())
                .as("newest first").isSortedAccordingTo(java.util.Comparator.reverseOrder());
        asViewer(org).get("/organizations/{org}/approvals?size=1&page=1", org).then().statusCode(200)
                .body("total", equalTo(3)).body("size", equalTo(1)).body("items.id", contains(all.get(1)));
        asViewer(org).get("/organizations/{org}/approvals?status=waiting", org).then().statusCode(400)
                .body("error.code", equalTo("invalid_request")).body("error.field", equalTo("status"));
        asViewer(org).get("/organizations/{org}/approvals?status=pending&status=used", org).then().statusCode(400)
                .body("error.field", equalTo("status"));
        // Another organisation sees none of them.
        String other = newOrg();
        asAdmin(other).get("/organizations/{org}/approvals", other).then().statusCode(200).body("total", equalTo(0));
        asAdmin(other).get("/organizations/{org}/approvals/{id}", other, byKey.approvalId()).then().statusCode(404)
                .body("error.code", equalTo("not_found"));
    }

    @Test
    void approvingSendsTheDecisionToTheGatewayWithAnAuditLineAndAnswersItsOutcome() throws Exception {
        String org = newOrg();
        ApprovalUpdatedEvent asked = pending(org, UUID.randomUUID(), null, "files__delete_file", DELETE);
        publishAndAwait(asked);
        String id = asked.approvalId().toString();
        try (TopicReader decisions = new TopicReader(Topics.APPROVAL_DECIDED)) {
            // The gateway's part: apply the decision, publish the outcome.
            CompletableFuture<ApprovalDecidedEvent> gateway = CompletableFuture.supplyAsync(() -> {
                ApprovalDecidedEvent decision = EventJson.read(decisions.awaitForKey(id, 1, Duration.ofSeconds(30)).get(0).value(),
                        ApprovalDecidedEvent.class);
                publish(next(asked, 2, decision.approve() ? "approved" : "denied", decision.decidedBy(), decision.reason()));
                return decision;
            });
            asAdmin(org).post("/organizations/{org}/approvals/{id}/approve", org, id).then().statusCode(200)
                    .body("status", equalTo("approved")).body("version", equalTo(2))
                    .body("decidedBy", equalTo("admin@" + org)).body("sentDecision", nullValue());

            ApprovalDecidedEvent decision = gateway.get();
            assertThat(decision.approve()).isTrue();
            assertThat(decision.organizationId()).hasToString(org);
            assertThat(decision.approvalId()).isEqualTo(asked.approvalId());
            assertThat(decision.decidedBy()).isEqualTo("admin@" + org);
            assertThat(decision.reason()).isNull();
        }
        List<Map<String, Object>> audit = TestDatabase.query("select actor, action, target_type, target_id, details"
                + " from audit_events where organization_id = ?::uuid", org);
        assertThat(audit).hasSize(1);
        assertThat(audit.get(0)).containsEntry("actor", "admin@" + org).containsEntry("action", "approval.approved")
                .containsEntry("target_type", "approval").containsEntry("target_id", id);
        JsonNode details = new ObjectMapper().readTree((String) audit.get(0).get("details"));
        assertThat(details.path("exposedName").asText()).isEqualTo("files__delete_file");
        assertThat(details.path("argumentsSha256").asText()).isEqualTo("9f".repeat(32));
        // Decided: a second decision is refused.
        asAdmin(org).post("/organizations/{org}/approvals/{id}/deny", org, id).then().statusCode(409)
                .body("error.code", equalTo("approval_not_pending"));
    }

    @Test
    void aDenialWithAReasonIsSentOnceAndAnswers202WhileTheGatewayHasNotAppliedIt() throws Exception {
        String org = newOrg();
        ApprovalUpdatedEvent asked = pending(org, UUID.randomUUID(), null, "files__delete_file", DELETE);
        publishAndAwait(asked);
        String id = asked.approvalId().toString();
        try (TopicReader decisions = new TopicReader(Topics.APPROVAL_DECIDED)) {
            asAdmin(org).body("{\"reason\":\"Not on a Friday\"}").post("/organizations/{org}/approvals/{id}/deny", org, id).then()
                    .statusCode(202).body("status", equalTo("pending")).body("sentDecision.decision", equalTo("deny"))
                    .body("sentDecision.by", equalTo("admin@" + org));
            ApprovalDecidedEvent decision = EventJson.read(decisions.awaitForKey(id, 1, Duration.ofSeconds(30)).get(0).value(),
                    ApprovalDecidedEvent.class);
            assertThat(decision.approve()).isFalse();
            assertThat(decision.reason()).isEqualTo("Not on a Friday");
            assertThat(decision.decidedBy()).isEqualTo("admin@" + org);
        }
        // One decision only, even before the gateway applied it.
        asAdmin(org).body("{}").post("/organizations/{org}/approvals/{id}/approve", org, id).then().statusCode(409)
                .body("error.code", equalTo("approval_not_pending"));
        assertThat(TestDatabase.query("select count(*) as n from outbox_events where topic = ? and message_key = ?",
                Topics.APPROVAL_DECIDED, id).get(0).get("n")).isEqualTo(1L);
        var audit = TestDatabase.query("select action, details from audit_events where organization_id = ?::uuid", org);
        assertThat(audit).hasSize(1);
        assertThat(audit.get(0).get("action")).isEqualTo("approval.denied");
        assertThat((String) audit.get(0).get("details")).contains("Not on a Friday");

        publish(next(asked, 2, "denied", "admin@" + org, "Not on a Friday"));
        await().atMost(Duration.ofSeconds(20)).until(() -> "denied".equals(asAdmin(org)
                .get("/organizations/{org}/approvals/{id}", org, id).then().extract().path("status")));
    }

    @Test
    void onlyAnAdminDecidesAndOnlyAPendingUnexpiredApprovalOfTheOrganisation() {
        String org = newOrg();
        ApprovalUpdatedEvent asked = pending(org, UUID.randomUUID(), null, "files__delete_file", DELETE);
        publishAndAwait(asked);
        String path = "/organizations/{org}/approvals/{id}/approve";

        asViewer(org).post(path, org, asked.approvalId()).then().statusCode(403).body("error.code", equalTo("forbidden"));
        String other = newOrg();
        asAdmin(other).post(path, other, asked.approvalId()).then().statusCode(404).body("error.code", equalTo("not_found"));
        asAdmin(org).post(path, org, UUID.randomUUID()).then().statusCode(404).body("error.code", equalTo("not_found"));
        asAdmin(org).body("{\"reason\":\"" + "x".repeat(501) + "\"}").post(path, org, asked.approvalId()).then().statusCode(400)
                .body("error.field", equalTo("reason"));
        asAdmin(org).body("{\"reason\":\"ok\",\"extra\":1}").post(path, org, asked.approvalId()).then().statusCode(400);

        ApprovalUpdatedEvent late = pending(org, UUID.randomUUID(), null, "files__delete_file", DELETE);
        publishAndAwait(new ApprovalUpdatedEvent(1, late.eventId(), late.occurredAt(), late.organizationId(), late.approvalId(), 1,
                "pending", "api", late.apiKeyId(), null, null, "call_x", late.exposedName(), late.toolName(), late.toolHash(),
                late.arguments(), late.argumentsSha256(), late.requestedAt().minusSeconds(1000),
                Instant.now().minusSeconds(1), null, null, null));
        asAdmin(org).post(path, org, late.approvalId()).then().statusCode(409).body("error.code", equalTo("approval_expired"));
        asAdmin(org).get("/organizations/{org}/approvals/{id}", org, late.approvalId()).then().body("status", equalTo("expired"));
        asAdmin(org).get("/organizations/{org}/approvals?status=expired", org).then().body("total", equalTo(1));

        publishAndAwait(next(asked, 2, "used", "admin@" + org, null));
        asAdmin(org).post("/organizations/{org}/approvals/{id}/deny", org, asked.approvalId()).then().statusCode(409)
                .body("error.code", equalTo("approval_not_pending"));
        assertThat(TestDatabase.query("select count(*) as n from outbox_events where topic = ? and message_key in (?, ?)",
                Topics.APPROVAL_DECIDED, asked.approvalId().toString(), late.approvalId().toString()).get(0).get("n")).isEqualTo(0L);
        assertThat(TestDatabase.query("select count(*) as n from audit_events where organization_id = ?::uuid", org).get(0)
                .get("n")).isEqualTo(0L);
    }
}
