package ai.crafted.integrations.integration;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import ai.crafted.events.ChangeType;
import ai.crafted.events.EventJson;
import ai.crafted.events.IntegrationUpdatedEvent;
import ai.crafted.events.Topics;
import ai.crafted.testsupport.auth.DevTokens;
import ai.crafted.testsupport.kafka.TopicReader;

@QuarkusTest
class IntegrationEventsTest {

    @Test
    void installPublishesIntegrationUpdatedOnTheRealBroker() {
        String org = UUID.randomUUID().toString();
        String id = given().auth().oauth2(DevTokens.admin(org)).header("X-Org-Id", org)
                .contentType(ContentType.JSON)
                .body("""
                        {"kind":"mcp","slug":"support-crm","displayName":"Support CRM",
                         "config":{"endpoint":"https://mcp.example.com","timeoutMs":30000},"credentialId":null}""")
                .post("/organizations/{org}/integrations", org)
                .then().statusCode(201)
                .body("slug", equalTo("support-crm"))
                .body("config.transport", equalTo("streamable-http"))
                .extract().path("id");

        try (TopicReader reader = new TopicReader(Topics.INTEGRATION_UPDATED)) {
            var record = reader.awaitForKey(id, 1, Duration.ofSeconds(20)).get(0);
            IntegrationUpdatedEvent event = EventJson.read(record.value(), IntegrationUpdatedEvent.class);
            assertThat(event.changeType()).isEqualTo(ChangeType.CREATED);
            assertThat(event.organizationId()).hasToString(org);
            assertThat(event.catalogRefreshRequired()).isTrue();
            assertThat(event.integration().slug()).isEqualTo("support-crm");
            assertThat(event.integration().config().timeoutMs()).isEqualTo(30000);
        }
    }
}
