package ai.crafted.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ai.crafted.events.kafka.CatalogUpdatedEventDeserializer;

class CatalogUpdatedEventTest {

    private static final UUID CREDENTIAL = UUID.fromString("7d0e4b1c-2f0a-4d8e-9a57-2c1f3b4a5d6e");
    private static final McpServerConfig CONFIG = new McpServerConfig("https://mcp.example.com/mcp",
            McpTransport.STREAMABLE_HTTP, 30_000);

    private final ObjectMapper plain = new ObjectMapper();

    @Test
    void theFingerprintIsStableAndChangesWithEveryFieldACatalogDependsOn() {
        String base = ConfigFingerprint.of(CONFIG, CREDENTIAL, 3);

        assertThat(base).isEqualTo(ConfigFingerprint.of(new McpServerConfig("https://mcp.example.com/mcp",
                McpTransport.STREAMABLE_HTTP, 30_000), CREDENTIAL, 3)).matches("v1:[0-9a-f]{32}");
        Set<String> variants = new HashSet<>(List.of(base,
                ConfigFingerprint.of(new McpServerConfig("https://other.example.com/mcp", McpTransport.STREAMABLE_HTTP, 30_000), CREDENTIAL, 3),
                ConfigFingerprint.of(new McpServerConfig("https://mcp.example.com/mcp", McpTransport.HTTP_SSE, 30_000), CREDENTIAL, 3),
                ConfigFingerprint.of(new McpServerConfig("https://mcp.example.com/mcp", McpTransport.STREAMABLE_HTTP, null), CREDENTIAL, 3),
                ConfigFingerprint.of(CONFIG, UUID.randomUUID(), 3),
                ConfigFingerprint.of(CONFIG, CREDENTIAL, 4),
                ConfigFingerprint.of(CONFIG, null, 3)));
        assertThat(variants).as("each change gives another fingerprint").hasSize(7);
        // Without a credential the version means nothing.
        assertThat(ConfigFingerprint.of(CONFIG, null, 3)).isEqualTo(ConfigFingerprint.of(CONFIG, null, -1));
        // A transport left out is the default one.
        assertThat(ConfigFingerprint.of(new McpServerConfig("https://mcp.example.com/mcp", null, 30_000), CREDENTIAL, 3))
                .isEqualTo(base);
    }

    @Test
    void describesOnlyTheConfigurationItWasListedFor() {
        CatalogUpdatedEvent event = sample(ConfigFingerprint.of(CONFIG, CREDENTIAL, 3));

        assertThat(event.describes(ConfigFingerprint.of(CONFIG, CREDENTIAL, 3))).isTrue();
        assertThat(event.describes(ConfigFingerprint.of(CONFIG, CREDENTIAL, 4))).isFalse();
        assertThat(sample(null).describes(ConfigFingerprint.of(CONFIG, CREDENTIAL, 3))).isFalse();
    }

    @Test
    void roundTripsThroughTheKafkaDeserializerAndATombstoneStaysNull() throws Exception {
        CatalogUpdatedEvent event = sample(ConfigFingerprint.of(CONFIG, null, 0));
        JsonNode json = plain.readTree(EventJson.write(event));
        assertThat(json.get("tools").get(0).get("name").asText()).isEqualTo("lookup_customer");
        assertThat(json.get("refreshedAt").asText()).isEqualTo("2026-05-08T12:00:00.123Z");
        assertThat(json.at("/compiled/0/forms/openai/status").asText()).isEqualTo("normalised");
        assertThat(json.at("/compiled/0/forms/openai").has("reason")).as("empty fields are left out").isFalse();

        try (var deserializer = new CatalogUpdatedEventDeserializer()) {
            assertThat(deserializer.deserialize(Topics.CATALOG_UPDATED, plain.writeValueAsBytes(json))).isEqualTo(event);
            assertThat(deserializer.deserialize(Topics.CATALOG_UPDATED, null)).isNull();
        }
    }

    private CatalogUpdatedEvent sample(String fingerprint) {
        Instant at = Instant.parse("2026-05-08T12:00:00.123Z");
        JsonNode schema = plain.createObjectNode().put("type", "object");
        return new CatalogUpdatedEvent(CatalogUpdatedEvent.SCHEMA_VERSION, UUID.randomUUID(), at, UUID.randomUUID(),
                UUID.randomUUID(), 7, fingerprint, "sha256:ab",
                List.of(new ToolDescriptor("lookup_customer", null, "Lookup customer profile by ID.", schema, null)),
                at, at, null, null, null, "v1", List.of(new CompiledTool("lookup_customer", Map.of("openai",
                        new ToolForm(ToolCompatibility.NORMALISED, null, schema, List.of("added \"properties\": {}"), null,
                                List.of("/since"))))), "2026-07-28", null);
    }
}
