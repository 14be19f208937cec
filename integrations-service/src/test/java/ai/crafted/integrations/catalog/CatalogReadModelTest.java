package ai.crafted.integrations.catalog;

import static ai.crafted.integrations.ControlPanelApi.asAdmin;
import static ai.crafted.integrations.ControlPanelApi.newOrg;
import static ai.crafted.integrations.ControlPanelApi.storeBearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.quarkus.test.junit.QuarkusTest;

import ai.crafted.events.CatalogUpdatedEvent;
import ai.crafted.events.ConfigFingerprint;
import ai.crafted.events.McpServerConfig;
import ai.crafted.events.McpTransport;
import ai.crafted.events.ToolDescriptor;
import ai.crafted.events.Topics;
import ai.crafted.testsupport.events.SampleEvents;
import ai.crafted.testsupport.kafka.TopicReader;
import ai.crafted.testsupport.kafka.TopicWriter;

/**
 * Catalogs arrive straight from catalog-refresher's {@code catalog-updated} (played here on the
 * real broker) and are shown only while they describe the integration's current configuration.
 */
@QuarkusTest
class CatalogReadModelTest {

    @Test
    void aCatalogForTheCurrentConfigurationIsShownAndNothingIsPublishedBack() {
        String org = newOrg();
        String id = installAt(org, "shown", "https://shown.example.com/mcp", null);
        McpServerConfig config = new McpServerConfig("https://shown.example.com/mcp", McpTransport.STREAMABLE_HTTP, null);

        publish(SampleEvents.catalog(UUID.fromString(org), UUID.fromString(id), 1, config, List.of(tool("lookup"))));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> asAdmin(org)
                .get("/organizations/{org}/integrations/{id}", org, id).then().statusCode(200)
                .body("toolCatalog.name", equalTo(List.of("lookup")))
                .body("catalogVersion", equalTo("sha256:test-1")));
        asAdmin(org).get("/organizations/{org}/integrations", org).then().body("items[0].toolCount", equalTo(1));
        // No U-turn: storing a catalog publishes nothing on integration-updated.
        try (TopicReader reader = new TopicReader(Topics.INTEGRATION_UPDATED)) {
            assertThat(reader.awaitForKey(id, 1, Duration.ofSeconds(20))).hasSize(1);
            assertThatThrownBy(() -> reader.awaitForKey(id, 2, Duration.ofSeconds(3)))
                    .isInstanceOf(AssertionError.class);
        }
    }

    @Test
    void aCatalogOfAnOldEndpointOrAnOlderSequenceIsNotShown() {
        String org = newOrg();
        String id = installAt(org, "moved", "https://old.example.com/mcp", null);
        McpServerConfig old = new McpServerConfig("https://old.example.com/mcp", McpTransport.STREAMABLE_HTTP, null);
        McpServerConfig moved = new McpServerConfig("https://new.example.com/mcp", McpTransport.STREAMABLE_HTTP, null);
        asAdmin(org).body("{\"config\":{\"endpoint\":\"https://new.example.com/mcp\"}}")
                .patch("/organizations/{org}/integrations/{id}", org, id).then().statusCode(200);

        publish(SampleEvents.catalog(UUID.fromString(org), UUID.fromString(id), 1, old, List.of(tool("stale"))));
        publish(SampleEvents.catalog(UUID.fromString(org), UUID.fromString(id), 3, moved, List.of(tool("current"))));
        publish(SampleEvents.catalog(UUID.fromString(org), UUID.fromString(id), 2, old, List.of(tool("late"))));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> asAdmin(org)
                .get("/organizations/{org}/integrations/{id}", org, id).then()
                .body("toolCatalog.name", equalTo(List.of("current"))));
    }

    @Test
    void rotatingTheCredentialHidesTheCatalogListedWithTheOldSecret() {
        String org = newOrg();
        String credential = storeBearer(org, "crm-token", "first-secret");
        String id = installAt(org, "rotated", "https://rotated.example.com/mcp", credential);
        McpServerConfig config = new McpServerConfig("https://rotated.example.com/mcp", McpTransport.STREAMABLE_HTTP, null);
        UUID credentialId = UUID.fromString(credential);
        publish(SampleEvents.catalog(UUID.fromString(org), UUID.fromString(id), 1,
                ConfigFingerprint.of(config, credentialId, 0), List.of(tool("with_first_secret"))));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> asAdmin(org)
                .get("/organizations/{org}/integrations/{id}", org, id).then()
                .body("toolCatalog.name", equalTo(List.of("with_first_secret"))));

        asAdmin(org).body("{\"secret\":\"second-secret\"}")
                .post("/organizations/{org}/credentials/{id}/rotate", org, credential).then().statusCode(200);

        asAdmin(org).get("/organizations/{org}/integrations/{id}", org, id).then()
                .body("toolCatalog.size()", equalTo(0)).body("catalogVersion", equalTo(null));
        publish(SampleEvents.catalog(UUID.fromString(org), UUID.fromString(id), 2,
                ConfigFingerprint.of(config, credentialId, 1), List.of(tool("with_second_secret"))));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> asAdmin(org)
                .get("/organizations/{org}/integrations/{id}", org, id).then()
                .body("toolCatalog.name", equalTo(List.of("with_second_secret"))));
    }

    private static String installAt(String org, String slug, String endpoint, String credentialId) {
        return asAdmin(org).body("{\"kind\":\"mcp\",\"slug\":\"" + slug + "\",\"displayName\":\"" + slug
                + "\",\"config\":{\"endpoint\":\"" + endpoint + "\"},\"credentialId\":"
                + (credentialId == null ? "null" : "\"" + credentialId + "\"") + "}")
                .post("/organizations/{org}/integrations", org).then().statusCode(201).extract().path("id");
    }

    private static void publish(CatalogUpdatedEvent catalog) {
        TopicWriter.send(Topics.CATALOG_UPDATED, catalog.integrationId().toString(), catalog);
    }

    private static ToolDescriptor tool(String name) {
        return new ToolDescriptor(name, null, null, JsonNodeFactory.instance.objectNode().put("type", "object"), null);
    }
}
