package ai.crafted.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ai.crafted.events.kafka.IntegrationUpdatedEventDeserializer;

class IntegrationUpdatedEventJsonTest {

    private final ObjectMapper plain = new ObjectMapper();

    @Test
    void writesTheDocumentedWireFormat() throws Exception {
        IntegrationUpdatedEvent event = sampleEvent(ChangeType.CREATED);

        JsonNode json = plain.readTree(EventJson.write(event));

        assertThat(json.get("schemaVersion").asInt()).isEqualTo(1);
        assertThat(json.get("changeType").asText()).isEqualTo("created");
        assertThat(json.get("occurredAt").asText()).isEqualTo("2026-05-08T12:00:00.123Z");
        assertThat(json.at("/integration/config/transport").asText()).isEqualTo("streamable-http");
        assertThat(json.at("/integration/config").has("timeoutMs")).isFalse();
        // Configuration only: catalogs travel on catalog-updated, and no flag is needed to stop a loop.
        assertThat(json.get("integration").has("toolCatalog")).isFalse();
        assertThat(json.has("catalogRefreshRequired")).isFalse();
    }

    @Test
    void roundTripsThroughTheKafkaDeserializerAndIgnoresUnknownFields() throws Exception {
        IntegrationUpdatedEvent event = sampleEvent(ChangeType.UPDATED);
        var tree = (com.fasterxml.jackson.databind.node.ObjectNode) plain.readTree(EventJson.write(event));
        tree.put("addedInALaterMinorVersion", true);

        try (var deserializer = new IntegrationUpdatedEventDeserializer()) {
            IntegrationUpdatedEvent read = deserializer.deserialize("integration-updated",
                    plain.writeValueAsBytes(tree));
            assertThat(read).isEqualTo(event);
            assertThat(deserializer.deserialize("integration-updated", null)).isNull();
        }
    }

    @Test
    void rejectsAPayloadThatIsNotAnEvent() {
        try (var deserializer = new IntegrationUpdatedEventDeserializer()) {
            assertThatThrownBy(() -> deserializer.deserialize("integration-updated",
                    "{not json".getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("IntegrationUpdatedEvent");
        }
    }

    private IntegrationUpdatedEvent sampleEvent(ChangeType type) throws Exception {
        Instant at = Instant.parse("2026-05-08T12:00:00.123Z");
        var state = new IntegrationState("mcp", "support-crm", "Support CRM", "Lookup customers.",
                new McpServerConfig("https://mcp.example.com", McpTransport.STREAMABLE_HTTP, null), null, at, at);
        return new IntegrationUpdatedEvent(IntegrationUpdatedEvent.SCHEMA_VERSION, UUID.randomUUID(), at, type,
                UUID.randomUUID(), UUID.randomUUID(), 1, state);
    }
}
