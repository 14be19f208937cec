package ai.crafted.integrations.ui;

import static ai.crafted.integrations.ControlPanelApi.install;
import static ai.crafted.integrations.ControlPanelApi.newOrg;
import static ai.crafted.integrations.approval.Approvals.next;
import static ai.crafted.integrations.approval.Approvals.pending;
import static ai.crafted.integrations.approval.Approvals.publish;
import static ai.crafted.integrations.approval.Approvals.publishAndAwait;
import static ai.crafted.integrations.ui.UiRequests.csrfOf;
import static ai.crafted.integrations.ui.UiRequests.ui;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import ai.crafted.events.ApprovalDecidedEvent;
import ai.crafted.events.ApprovalUpdatedEvent;
import ai.crafted.events.EventJson;
import ai.crafted.events.Topics;
import ai.crafted.testsupport.auth.DevTokens;
import ai.crafted.testsupport.kafka.TopicReader;

/**
 * The Approvals page: pending calls with their arguments escaped and pretty-printed, Approve and
 * Deny for admins only (CSRF forms), then the decided ones with who decided.
 */
@QuarkusTest
class UiApprovalsTest {

    private static final String HOSTILE = "{\"path\":\"<script>alert(1)</script>\",\"force\":true}";

    @Test
    void pendingCallsShowEscapedArgumentsAndOnlyAdminsGetTheButtons() {
        String org = newOrg();
        String plugin = install(org, "files");
        ApprovalUpdatedEvent asked = pending(org, UUID.randomUUID(), UUID.fromString(plugin), "files__delete_file", HOSTILE);
        publishAndAwait(asked);

        String page = ui(DevTokens.admin(org)).get("/ui/orgs/{org}/approvals", org).then().statusCode(200).extract().asString();
        assertThat(page).contains("files__delete_file", "plugin Plugin files", "&lt;script&gt;alert(1)&lt;/script&gt;",
                "&quot;force&quot; : true", "data-testid=\"approve\"", "data-testid=\"deny\"", "data-testid=\"pending-count\">1<",
                "href=\"/ui/orgs/" + org + "/approvals\" aria-current=\"page\">Approvals <span class=\"badge warn\" data-testid=\"nav-pending\"", "15 min")
                .doesNotContain("<script>alert(1)");
        String viewerPage = ui(DevTokens.viewer(org)).get("/ui/orgs/{org}/approvals", org).then().statusCode(200).extract().asString();
        assertThat(viewerPage).contains("files__delete_file", "&lt;script&gt;").doesNotContain("data-testid=\"approve\"",
                "data-testid=\"deny\"", "/approve\"");
        ui(DevTokens.viewer(org)).contentType(ContentType.URLENC).formParam("_csrf", csrfOf(viewerPage))
                .post("/ui/orgs/{org}/approvals/{id}/approve", org, asked.approvalId()).then().statusCode(403);
    }

    @Test
    void anAdminApprovesWithTheFormAndThePageShowsWhoDecided() {
        String org = newOrg();
        String admin = DevTokens.admin(org);
        ApprovalUpdatedEvent asked = pending(org, UUID.randomUUID(), null, "files__delete_file", "{\"path\":\"/srv/a\"}");
        publishAndAwait(asked);
        String page = ui(admin).get("/ui/orgs/{org}/approvals", org).then().statusCode(200).extract().asString();

        try (TopicReader decisions = new TopicReader(Topics.APPROVAL_DECIDED)) {
            // No gateway answers within the wait: the decision is sent, the page says so.
            ui(admin).contentType(ContentType.URLENC).formParam("_csrf", csrfOf(page)).formParam("reason", "Ticket OPS-1")
                    .post("/ui/orgs/{org}/approvals/{id}/approve", org, asked.approvalId()).then().statusCode(303)
                    .header("Location", endsWith("/ui/orgs/" + org + "/approvals?notice=approval-sent"));
            ApprovalDecidedEvent decision = EventJson.read(decisions.awaitForKey(asked.approvalId().toString(), 1,
                    Duration.ofSeconds(30)).get(0).value(), ApprovalDecidedEvent.class);
            assertThat(decision.approve()).isTrue();
            assertThat(decision.reason()).isEqualTo("Ticket OPS-1");
        }
        ui(admin).get("/ui/orgs/{org}/approvals?notice=approval-sent", org).then().statusCode(200)
                .body(containsString("data-testid=\"decision-sent\">approved by admin@" + org))
                .body(containsString("Decision sent."));
        // Without a CSRF token nothing is sent.
        ui(admin).contentType(ContentType.URLENC).post("/ui/orgs/{org}/approvals/{id}/deny", org, asked.approvalId()).then()
                .statusCode(403);

        publish(next(asked, 2, "approved", "admin@" + org, "Ticket OPS-1"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(ui(admin).get("/ui/orgs/{org}/approvals", org)
                .then().statusCode(200).extract().asString()).contains("data-testid=\"no-pending\"",
                        "data-testid=\"approval-status\">approved<", "admin@" + org + ", <time", "“Ticket OPS-1”").doesNotContain("data-testid=\"nav-pending\""));
    }
}
