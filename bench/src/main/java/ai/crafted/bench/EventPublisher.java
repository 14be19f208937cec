package ai.crafted.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.databind.ObjectMapper;

import ai.crafted.events.ApiKeyUpdatedEvent;
import ai.crafted.events.CatalogUpdatedEvent;
import ai.crafted.events.ChangeType;
import ai.crafted.events.EventJson;
import ai.crafted.events.McpServerConfig;
import ai.crafted.events.McpTransport;
import ai.crafted.events.ToolDescriptor;
import ai.crafted.events.Topics;
import ai.crafted.secrets.ApiKeys;
import ai.crafted.testsupport.events.SampleEvents;
import ai.crafted.tools.compiler.ToolCompiler;

/** Seeds organisations, keys and plugins the way the control panel would, in bulk. */
final class EventPublisher implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final KafkaProducer<String, String> producer;

    EventPublisher(String bootstrap) {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new StringSerializer());
    }

    /** A new organisation with an API key; returns the key. */
    String organisation(UUID org) {
        String key = ApiKeys.generate();
        UUID keyId = UUID.randomUUID();
        send(Topics.API_KEY_UPDATED, keyId.toString(), new ApiKeyUpdatedEvent(1, UUID.randomUUID(), Instant.now(),
                ChangeType.CREATED, org, keyId, ApiKeys.hash(key), null, null, null));
        return key;
    }

    /**
     * Publishes a plugin as the control panel would and, with {@code withCatalog}, the catalog
     * catalog-refresher would list for it (otherwise the refresher under test lists it).
     */
    UUID plugin(UUID org, String slug, String endpoint, int tools, boolean withCatalog) {
        UUID id = UUID.randomUUID();
        List<ToolDescriptor> catalog = new ArrayList<>();
        for (int i = 0; i < tools; i++) {
            catalog.add(new ToolDescriptor(tools == 1 ? "lookup" : "tool_" + i, null, "Looks up record kind " + i
                    + " by id; returns the matching record as JSON.", schema(), null));
        }
        McpServerConfig config = new McpServerConfig(endpoint, McpTransport.STREAMABLE_HTTP, 10_000);
        send(Topics.INTEGRATION_UPDATED, id.toString(),
                SampleEvents.integration(ChangeType.CREATED, org, id, 0, slug, config, null));
        if (withCatalog) {
            CatalogUpdatedEvent listed = compiled(SampleEvents.catalog(org, id, 1, config, catalog));
            send(Topics.CATALOG_UPDATED, id.toString(), listed);
            // What integrations-service publishes for a plugin whose new tools are enabled.
            send(Topics.TOOL_POLICY_UPDATED, id.toString(), SampleEvents.acceptingPolicy(listed, 1));
        }
        return id;
    }

    /** The record as catalog-refresher publishes it: with every tool compiled for every profile. */
    private static CatalogUpdatedEvent compiled(CatalogUpdatedEvent e) {
        return new CatalogUpdatedEvent(e.schemaVersion(), e.eventId(), e.occurredAt(), e.organizationId(), e.integrationId(),
                e.sequence(), e.configFingerprint(), e.catalogVersion(), e.tools(), e.refreshedAt(), e.lastAttemptAt(),
                e.lastError(), e.lastErrorKind(), e.requestId(), ToolCompiler.VERSION, ToolCompiler.compile(e.tools()),
                e.protocolVersion(), e.toolHashes());
    }

    void send(String topic, String key, Object event) {
        producer.send(new ProducerRecord<>(topic, key, EventJson.write(event)));
    }

    void flush() {
        producer.flush();
    }

    private static com.fasterxml.jackson.databind.JsonNode schema() {
        try {
            return JSON.readTree("{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"string\",\"description\":\"record id\"}},"
                    + "\"required\":[\"id\"]}");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
