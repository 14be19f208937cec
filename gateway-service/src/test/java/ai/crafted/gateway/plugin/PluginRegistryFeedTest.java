package ai.crafted.gateway.plugin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import ai.crafted.events.ChangeType;
import ai.crafted.events.IntegrationUpdatedEvent;
import ai.crafted.events.McpServerConfig;
import ai.crafted.events.McpTransport;
import ai.crafted.events.ToolDescriptor;
import ai.crafted.events.Topics;
import ai.crafted.testsupport.events.SampleEvents;
import ai.crafted.testsupport.kafka.KafkaBrokerResource;
import ai.crafted.testsupport.kafka.TopicWriter;

@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class PluginRegistryFeedTest {

    @Inject
    PluginRegistry registry;

    @Test
    void pluginsArriveFromTheRealBrokerScopedByOrganisationAndLeaveOnDelete() {
        UUID orgA = UUID.randomUUID();
        UUID orgB = UUID.randomUUID();
        UUID id = UUID.randomUUID();
        publish(SampleEvents.integration(ChangeType.CREATED, orgA, id, 0, "support-crm", "https://a.example.com"));

        await().atMost(Duration.ofSeconds(20)).until(() -> registry.find(orgA, id).isPresent());
        assertThat(registry.forOrganization(orgA)).extracting(p -> p.state().slug()).containsExactly("support-crm");
        assertThat(registry.forOrganization(orgB)).isEmpty();
        assertThat(registry.find(orgB, id)).isEmpty();

        publish(SampleEvents.integration(ChangeType.DELETED, orgA, id, 1, "support-crm", null));
        await().atMost(Duration.ofSeconds(20)).until(() -> registry.find(orgA, id).isEmpty());
        assertThat(registry.forOrganization(orgA)).isEmpty();
    }

    @Test
    void catalogsArriveStraightFromTheRefresherTopicAndATombstoneRemovesThem() {
        UUID org = UUID.randomUUID();
        UUID id = UUID.randomUUID();
        McpServerConfig config = new McpServerConfig("https://c.example.com", McpTransport.STREAMABLE_HTTP, null);
        publish(SampleEvents.integration(ChangeType.CREATED, org, id, 0, "crm", config, null));
        TopicWriter.sendRaw(Topics.CATALOG_UPDATED, id.toString(), "{not a catalog");
        TopicWriter.send(Topics.CATALOG_UPDATED, id.toString(), SampleEvents.catalog(org, id, 1, config,
                List.of(new ToolDescriptor("lookup", null, null, JsonNodeFactory.instance.objectNode(), null))));

        await().atMost(Duration.ofSeconds(20)).until(() -> registry.find(org, id).map(registry::toolsOf)
                .map(tools -> tools.size() == 1).orElse(false));

        TopicWriter.sendRaw(Topics.CATALOG_UPDATED, id.toString(), null);
        await().atMost(Duration.ofSeconds(20)).until(() -> registry.find(org, id).map(registry::toolsOf)
                .map(List::isEmpty).orElse(false));
    }

    @Test
    void readinessWaitsForTheReplayAndThenReportsIt() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name.startsWith('state replay') }.status", equalTo("UP"))
                .body("checks.find { it.name.startsWith('state replay') }.data.recordsBehind", equalTo(0)));
    }

    private static void publish(IntegrationUpdatedEvent event) {
        TopicWriter.send(Topics.INTEGRATION_UPDATED, event.integrationId().toString(), event);
    }
}
