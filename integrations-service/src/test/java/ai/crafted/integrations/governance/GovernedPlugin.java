package ai.crafted.integrations.governance;

import static ai.crafted.integrations.ControlPanelApi.asAdmin;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.restassured.path.json.JsonPath;

import ai.crafted.events.CatalogUpdatedEvent;
import ai.crafted.events.ConfigFingerprint;
import ai.crafted.events.McpServerConfig;
import ai.crafted.events.McpTransport;
import ai.crafted.events.ToolDescriptor;
import ai.crafted.events.Topics;
import ai.crafted.integrations.ControlPanelApi;
import ai.crafted.testsupport.kafka.TopicReader;
import ai.crafted.testsupport.kafka.TopicWriter;

/** An installed plugin and the catalogs "catalog-refresher" publishes for it, with per-tool hashes. */
public record GovernedPlugin(String org, String id, McpServerConfig config) {

    public static GovernedPlugin install(String org, String slug) {
        String endpoint = "https://" + slug + ".example.com/mcp";
        String id = asAdmin(org).body("{\"kind\":\"mcp\",\"slug\":\"" + slug + "\",\"displayName\":\"" + slug
                + "\",\"config\":{\"endpoint\":\"" + endpoint + "\"}}")
                .post("/organizations/{org}/integrations", org).then().statusCode(201).extract().path("id");
        return new GovernedPlugin(org, id, new McpServerConfig(endpoint, McpTransport.STREAMABLE_HTTP, null));
    }

    public CatalogUpdatedEvent catalog(long sequence, String catalogHash, List<ToolDescriptor> tools) {
        Instant now = Instant.now();
        return new CatalogUpdatedEvent(CatalogUpdatedEvent.SCHEMA_VERSION, UUID.randomUUID(), now,
                UUID.fromString(org), UUID.fromString(id), sequence, ConfigFingerprint.of(config, null, -1), catalogHash,
                tools, now, now, null, null, null, null, null, "2025-11-25",
                tools.stream().map(ControlPanelApi::toolHash).toList());
    }

    public void publish(long sequence, String catalogHash, List<ToolDescriptor> tools) {
        send(catalog(sequence, catalogHash, tools));
    }

    public void send(CatalogUpdatedEvent catalog) {
        TopicWriter.send(Topics.CATALOG_UPDATED, id, catalog);
    }

    /** The tools once the catalog version {@code number} is the newest. */
    public JsonPath awaitTools(int number) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> asAdmin(org).get("/organizations/{org}/integrations/{id}/tools", org, id)
                .then().statusCode(200).body("catalogVersion", equalTo(number)));
        return asAdmin(org).get("/organizations/{org}/integrations/{id}/tools", org, id).then().extract().jsonPath();
    }

    /** The newest policy record of the plugin on the broker once one matches. */
    public JsonNode awaitPolicy(Predicate<JsonNode> matches) throws Exception {
        try (TopicReader reader = new TopicReader(Topics.TOOL_POLICY_UPDATED)) {
            List<ConsumerRecord<String, String>> records = reader.await(r -> id.equals(r.key()) && r.value() != null
                    && matches.test(read(r.value())), 1, Duration.ofSeconds(20));
            return read(records.get(records.size() - 1).value());
        }
    }

    private static JsonNode read(String json) {
        try {
            return new ObjectMapper().readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A tool with a one-property object schema. */
    public static ToolDescriptor tool(String name, String description, JsonNode annotations) {
        ObjectNode schema = JsonNodeFactory.instance.objectNode().put("type", "object");
        schema.putObject("properties").putObject("query").put("type", "string");
        return new ToolDescriptor(name, null, description, schema, annotations);
    }

    public static JsonNode destructive(boolean hint) {
        return JsonNodeFactory.instance.objectNode().put("destructiveHint", hint);
    }
}
