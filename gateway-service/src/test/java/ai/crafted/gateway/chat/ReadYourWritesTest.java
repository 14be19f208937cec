package ai.crafted.gateway.chat;

import static ai.crafted.gateway.chat.GatewayFixtures.ECHO_SCHEMA;
import static ai.crafted.gateway.chat.GatewayFixtures.tool;
import static ai.crafted.testsupport.mcp.ScriptedUpstream.text;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import ai.crafted.events.ApiKeyUpdatedEvent;
import ai.crafted.events.CatalogUpdatedEvent;
import ai.crafted.events.ChangeType;
import ai.crafted.events.EventJson;
import ai.crafted.events.McpServerConfig;
import ai.crafted.events.McpTransport;
import ai.crafted.events.Topics;
import ai.crafted.secrets.ApiKeys;
import ai.crafted.testsupport.events.SampleEvents;
import ai.crafted.testsupport.kafka.KafkaBrokerResource;
import ai.crafted.testsupport.mcp.ScriptedUpstream;
import ai.crafted.testsupport.mcp.ScriptedUpstreamResource;

/**
 * Read-your-writes: a request sent right after Kafka acknowledged a change is served with it,
 * even when the gateway's consumer still has thousands of records to apply before it (each
 * write here comes behind {@value #BACKLOG} others, so a gateway answering from its view as it
 * is refuses the key or injects no tools).
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(ScriptedUpstreamResource.class)
class ReadYourWritesTest {

    static final int BACKLOG = 5_000;

    @Inject
    MeterRegistry meters;

    private final ScriptedUpstream upstream = ScriptedUpstreamResource.upstream();

    @Test
    void aKeyWorksOnTheFirstRequestAfterItsEventWasAcknowledged() {
        double waitedBefore = waited();
        for (int round = 0; round < 3; round++) {
            UUID org = UUID.randomUUID();
            String key = ApiKeys.generate();
            try (var producer = producer()) {
                List<Future<?>> acks = new ArrayList<>();
                for (int i = 0; i < BACKLOG; i++) {
                    acks.add(producer.send(keyRecord(UUID.randomUUID(), UUID.randomUUID(), ApiKeys.generate())));
                }
                acks.add(producer.send(keyRecord(org, UUID.randomUUID(), key)));
                awaitAll(acks);
            }
            given().header("Authorization", "Bearer " + key).get("/v1/models").then().statusCode(200);
        }
        assertThat(waited()).as("requests that had to wait for the view").isGreaterThan(waitedBefore);
    }

    @Test
    void aChatRightAfterAPluginAndItsCatalogWerePublishedGetsItsTools() {
        UUID org = UUID.randomUUID();
        String key = GatewayFixtures.apiKey(org, UUID.randomUUID());
        UUID plugin = UUID.randomUUID();
        McpServerConfig config = new McpServerConfig("http://127.0.0.1:9/mcp", McpTransport.STREAMABLE_HTTP, 1000);
        upstream.reset();
        upstream.thenAnswer(text("no tool needed"));
        try (var producer = producer()) {
            List<Future<?>> acks = new ArrayList<>();
            for (int i = 0; i < BACKLOG; i++) {
                UUID other = UUID.randomUUID();
                acks.add(producer.send(new ProducerRecord<>(Topics.INTEGRATION_UPDATED, other.toString(), EventJson.write(
                        SampleEvents.integration(ChangeType.UPDATED, UUID.randomUUID(), other, 1, "p" + i, config, null)))));
            }
            acks.add(producer.send(new ProducerRecord<>(Topics.INTEGRATION_UPDATED, plugin.toString(), EventJson.write(
                    SampleEvents.integration(ChangeType.UPDATED, org, plugin, 1, "fresh", config, null)))));
            CatalogUpdatedEvent catalog = SampleEvents.catalog(org, plugin, 1, config, List.of(tool("echo", ECHO_SCHEMA)));
            acks.add(producer.send(new ProducerRecord<>(Topics.CATALOG_UPDATED, plugin.toString(), EventJson.write(catalog))));
            acks.add(producer.send(new ProducerRecord<>(Topics.TOOL_POLICY_UPDATED, plugin.toString(),
                    EventJson.write(SampleEvents.acceptingPolicy(catalog, 1)))));
            awaitAll(acks);
        }
        given().header("Authorization", "Bearer " + key).contentType("application/json")
                .body("{\"model\":\"scripted-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .post("/v1/chat/completions").then().statusCode(200);
        List<String> tools = new ArrayList<>();
        for (JsonNode tool : upstream.requests().get(0).path("tools")) {
            tools.add(tool.at("/function/name").asText());
        }
        assertThat(tools).containsExactly("fresh__echo");
    }

    private double waited() {
        var counter = meters.find("replay.read_your_writes").tag("outcome", "waited").counter();
        return counter == null ? 0 : counter.count();
    }

    private static ProducerRecord<String, String> keyRecord(UUID org, UUID keyId, String key) {
        return new ProducerRecord<>(Topics.API_KEY_UPDATED, keyId.toString(), EventJson.write(new ApiKeyUpdatedEvent(
                ApiKeyUpdatedEvent.SCHEMA_VERSION, UUID.randomUUID(), Instant.now(), ChangeType.CREATED, org, keyId, ApiKeys.hash(key), null, null, null)));
    }

    private static KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                KafkaBrokerResource.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5),
                new StringSerializer(), new StringSerializer());
    }

    private static void awaitAll(List<Future<?>> acks) {
        try {
            for (Future<?> ack : acks) {
                ack.get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("the broker did not acknowledge", e);
        }
    }
}
