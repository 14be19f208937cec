package ai.crafted.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.restassured.http.ContentType;

import ai.crafted.testsupport.auth.DevTokens;

/** One real flow across processes: a control-panel write reaches both consumers through Kafka. */
class IntegrationEventWiringTest {

    private static final Pattern CREATED = Pattern.compile(
            "^integration_events_consumed_total\\{[^}]*change=\"created\"[^}]*\\} ([0-9.Ee+-]+)(?: #.*)?$", Pattern.MULTILINE);

    private static RunningStack stack;

    @BeforeAll
    static void startStack() {
        stack = RunningStack.shared();
    }

    @Test
    void anInstalledIntegrationReachesCatalogRefresherAndGatewayOverKafka() {
        double refresherBefore = createdEventsSeenBy("catalog-refresher");
        double gatewayBefore = createdEventsSeenBy("gateway-service");
        String org = UUID.randomUUID().toString();

        given().baseUri(stack.url("integrations-service"))
                .auth().oauth2(DevTokens.admin(org)).header("X-Org-Id", org)
                .contentType(ContentType.JSON)
                .body("""
                        {"kind":"mcp","slug":"support-crm","displayName":"Support CRM",
                         "config":{"endpoint":"https://mcp.example.com"}}""")
                .post("/organizations/{org}/integrations", org)
                .then().statusCode(201);

        await().atMost(Duration.ofSeconds(30)).until(() -> createdEventsSeenBy("catalog-refresher") > refresherBefore
                && createdEventsSeenBy("gateway-service") > gatewayBefore);
    }

    private static double createdEventsSeenBy(String service) {
        String metrics = given().baseUri(stack.managementUrl(service)).get("/q/metrics").then().statusCode(200)
                .extract().asString();
        Matcher m = CREATED.matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
