package ai.crafted.gateway.chat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.ObjectMapper;

import ai.crafted.events.ApiKeyUpdatedEvent;
import ai.crafted.events.CatalogUpdatedEvent;
import ai.crafted.events.ChangeType;
import ai.crafted.events.McpServerConfig;
import ai.crafted.events.McpTransport;
import ai.crafted.events.ToolDescriptor;
import ai.crafted.events.ToolPolicyUpdatedEvent;
import ai.crafted.events.ToolRef;
import ai.crafted.events.Topics;
import ai.crafted.secrets.ApiKeys;
import ai.crafted.testsupport.events.SampleEvents;
import ai.crafted.testsupport.kafka.TopicWriter;

/** Publishes what the control panel would: API keys and plugins with cached catalogs. */
public final class GatewayFixtures {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong CATALOG_SEQUENCE = new AtomicLong();

    private GatewayFixtures() {
    }

    /** Publishes a new API key for the organisation and returns it. */
    public static String apiKey(UUID org, UUID keyId) {
        String key = ApiKeys.generate();
        TopicWriter.send(Topics.API_KEY_UPDATED, keyId.toString(), new ApiKeyUpdatedEvent(ApiKeyUpdatedEvent.SCHEMA_VERSION,
                UUID.randomUUID(), Instant.now(), ChangeType.CREATED, org, keyId, ApiKeys.hash(key), null, null, null));
        return key;
    }

    /** Publishes a new API key that stops working at {@code expiresAt} and returns it. */
    public static String apiKey(UUID org, UUID keyId, Instant expiresAt) {
        String key = ApiKeys.generate();
        TopicWriter.send(Topics.API_KEY_UPDATED, keyId.toString(), new ApiKeyUpdatedEvent(ApiKeyUpdatedEvent.SCHEMA_VERSION,
                UUID.randomUUID(), Instant.now(), ChangeType.CREATED, org, keyId, ApiKeys.hash(key), expiresAt, null, null));
        return key;
    }

    /** Publishes a new API key limited to these plugins (its scope) and returns it. */
    public static String scopedApiKey(UUID org, UUID keyId, List<UUID> pluginScope) {
        String key = ApiKeys.generate();
        TopicWriter.send(Topics.API_KEY_UPDATED, keyId.toString(), new ApiKeyUpdatedEvent(ApiKeyUpdatedEvent.SCOPED_SCHEMA_VERSION,
                UUID.randomUUID(), Instant.now(), ChangeType.CREATED, org, keyId, ApiKeys.hash(key), null, pluginScope, null));
        return key;
    }

    static void revoke(UUID org, UUID keyId, String key) {
        TopicWriter.send(Topics.API_KEY_UPDATED, keyId.toString(), new ApiKeyUpdatedEvent(ApiKeyUpdatedEvent.SCHEMA_VERSION,
                UUID.randomUUID(), Instant.now(), ChangeType.REVOKED, org, keyId, ApiKeys.hash(key), null, null, null));
    }

    /** Publishes a plugin and the catalog catalog-refresher would list for it. */
    public static void plugin(UUID org, UUID id, String slug, String endpoint, Integer timeoutMs, List<ToolDescriptor> tools) {
        plugin(org, id, slug, new McpServerConfig(endpoint, McpTransport.STREAMABLE_HTTP, timeoutMs), tools);
    }

    /** Publishes a plugin with this configuration and the catalog catalog-refresher would list for it. */
    public static void plugin(UUID org, UUID id, String slug, McpServerConfig config, List<ToolDescriptor> tools) {
        TopicWriter.send(Topics.INTEGRATION_UPDATED, id.toString(),
                SampleEvents.integration(ChangeType.UPDATED, org, id, 1, slug, config, null));
        long sequence = CATALOG_SEQUENCE.incrementAndGet();
        CatalogUpdatedEvent catalog = SampleEvents.catalog(org, id, sequence, config, tools);
        TopicWriter.send(Topics.CATALOG_UPDATED, id.toString(), catalog);
        // As integrations-service would for a plugin whose new tools are enabled: every tool accepted as listed.
        TopicWriter.send(Topics.TOOL_POLICY_UPDATED, id.toString(), SampleEvents.acceptingPolicy(catalog, sequence));
    }

    /** Publishes a tool policy for a plugin (what integrations-service decided). */
    public static void policy(ToolPolicyUpdatedEvent policy) {
        TopicWriter.send(Topics.TOOL_POLICY_UPDATED, policy.integrationId().toString(), policy);
    }

    /** Publishes a new API key limited to these plugins and tools and returns it. */
    public static String toolScopedApiKey(UUID org, UUID keyId, List<UUID> pluginScope, List<ToolRef> allowedTools) {
        String key = ApiKeys.generate();
        TopicWriter.send(Topics.API_KEY_UPDATED, keyId.toString(), new ApiKeyUpdatedEvent(
                ApiKeyUpdatedEvent.schemaVersionFor(pluginScope, allowedTools), UUID.randomUUID(), Instant.now(), ChangeType.CREATED,
                org, keyId, ApiKeys.hash(key), null, pluginScope, allowedTools));
        return key;
    }

    public static ToolDescriptor tool(String name, String schema) {
        try {
            return new ToolDescriptor(name, null, "Tool " + name, JSON.readTree(schema), null);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static final String ECHO_SCHEMA = "{\"type\":\"object\",\"properties\":{\"message\":{\"type\":\"string\"}},\"required\":[\"message\"]}";
    public static final String ID_SCHEMA = "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"string\"}}}";
}
