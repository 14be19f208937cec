package ai.crafted.gateway.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import ai.crafted.events.ChangeType;
import ai.crafted.events.ConfigFingerprint;
import ai.crafted.events.CredentialUpdatedEvent;
import ai.crafted.events.McpServerConfig;
import ai.crafted.events.McpTransport;
import ai.crafted.events.ToolDescriptor;
import ai.crafted.secrets.AesGcmKeyring;
import ai.crafted.secrets.CredentialSecrets;
import ai.crafted.testsupport.events.SampleEvents;

class PluginRegistryTest {

    private static final AesGcmKeyring TRANSPORT = AesGcmKeyring.parse(
            "test:" + Base64.getEncoder().encodeToString(new byte[32]), "test");
    private final CredentialSecrets credentials = new CredentialSecrets(TRANSPORT);
    private final PluginRegistry registry = new PluginRegistry(credentials);
    private final UUID org = UUID.randomUUID();
    private final UUID id = UUID.randomUUID();

    @Test
    void anOlderEventDoesNotOverwriteANewerOne() {
        registry.apply(SampleEvents.integration(ChangeType.UPDATED, org, id, 2, "crm", "https://v2.example.com"));
        registry.apply(SampleEvents.integration(ChangeType.UPDATED, org, id, 1, "crm", "https://v1.example.com"));

        assertThat(registry.find(org, id)).get().extracting(p -> p.state().config().endpoint())
                .isEqualTo("https://v2.example.com");
    }

    @Test
    void aLateOlderUpdateDoesNotResurrectADeletedPlugin() {
        registry.apply(SampleEvents.integration(ChangeType.CREATED, org, id, 0, "crm", "https://a.example.com"));
        registry.apply(SampleEvents.integration(ChangeType.DELETED, org, id, 1, "crm", null));
        registry.apply(SampleEvents.integration(ChangeType.UPDATED, org, id, 0, "crm", "https://a.example.com"));

        assertThat(registry.find(org, id)).isEmpty();
        assertThat(registry.forOrganization(org)).isEmpty();
    }

    @Test
    void lookupsNeverCrossOrganisations() {
        registry.apply(SampleEvents.integration(ChangeType.CREATED, org, id, 0, "crm", "https://a.example.com"));

        assertThat(registry.find(UUID.randomUUID(), id)).isEmpty();
        assertThat(registry.forOrganization(UUID.randomUUID())).isEmpty();
    }

    @Test
    void aCatalogIsUsedOnlyWhileItDescribesTheCurrentConfiguration() {
        McpServerConfig v1 = new McpServerConfig("https://a.example.com", McpTransport.STREAMABLE_HTTP, null);
        McpServerConfig v2 = new McpServerConfig("https://b.example.com", McpTransport.STREAMABLE_HTTP, null);
        registry.apply(SampleEvents.integration(ChangeType.CREATED, org, id, 0, "crm", v1, null));
        registry.applyCatalog(id, SampleEvents.catalog(org, id, 1, v1, List.of(tool("from_a"))));
        assertThat(toolNames()).containsExactly("from_a");

        // The endpoint changes: the catalog listed from the old server is no longer offered...
        registry.apply(SampleEvents.integration(ChangeType.UPDATED, org, id, 1, "crm", v2, null));
        assertThat(toolNames()).isEmpty();
        // ...until the refresher has listed the new one; an older record cannot replace it.
        registry.applyCatalog(id, SampleEvents.catalog(org, id, 2, v2, List.of(tool("from_b"))));
        registry.applyCatalog(id, SampleEvents.catalog(org, id, 1, v1, List.of(tool("from_a"))));
        assertThat(toolNames()).containsExactly("from_b");
    }

    @Test
    void aCredentialRotationRetiresTheCatalogListedWithTheOldSecret() {
        UUID credential = UUID.randomUUID();
        McpServerConfig config = new McpServerConfig("https://a.example.com", McpTransport.STREAMABLE_HTTP, 5000);
        registry.apply(SampleEvents.integration(ChangeType.CREATED, org, id, 0, "crm", config, credential));
        registry.applyCatalog(id, SampleEvents.catalog(org, id, 1, ConfigFingerprint.of(config, credential, 0),
                List.of(tool("listed_with_v0"))));
        assertThat(toolNames()).as("credential not delivered yet").isEmpty();

        credentials.apply(credential(credential, 0));
        assertThat(toolNames()).containsExactly("listed_with_v0");

        credentials.apply(credential(credential, 1));
        assertThat(toolNames()).isEmpty();
        registry.applyCatalog(id, SampleEvents.catalog(org, id, 2, ConfigFingerprint.of(config, credential, 1),
                List.of(tool("listed_with_v1"))));
        assertThat(toolNames()).containsExactly("listed_with_v1");
    }

    @Test
    void aTombstoneRemovesTheCatalogForGoodAndAnotherOrganisationsCatalogIsIgnored() {
        McpServerConfig config = new McpServerConfig("https://a.example.com", McpTransport.STREAMABLE_HTTP, null);
        registry.apply(SampleEvents.integration(ChangeType.CREATED, org, id, 0, "crm", config, null));
        registry.applyCatalog(id, SampleEvents.catalog(UUID.randomUUID(), id, 1, config, List.of(tool("foreign"))));
        assertThat(toolNames()).isEmpty();

        registry.applyCatalog(id, SampleEvents.catalog(org, id, 2, config, List.of(tool("own"))));
        assertThat(toolNames()).containsExactly("own");
        registry.applyCatalog(id, null);
        registry.applyCatalog(id, SampleEvents.catalog(org, id, 3, config, List.of(tool("late"))));
        assertThat(toolNames()).isEmpty();
    }

    private List<String> toolNames() {
        return registry.find(org, id).map(registry::toolsOf).orElse(List.of()).stream().map(ToolDescriptor::name).toList();
    }

    private static ToolDescriptor tool(String name) {
        return new ToolDescriptor(name, null, null, JsonNodeFactory.instance.objectNode().put("type", "object"), null);
    }

    private CredentialUpdatedEvent credential(UUID credentialId, long version) {
        return new CredentialUpdatedEvent(CredentialUpdatedEvent.SCHEMA_VERSION, UUID.randomUUID(), Instant.now(),
                version == 0 ? ChangeType.CREATED : ChangeType.ROTATED, org, credentialId, version, "bearer",
                "Authorization", TRANSPORT.seal("secret-v" + version, CredentialUpdatedEvent.associatedData(org, credentialId)), null);
    }
}
