package ai.crafted.gateway.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import ai.crafted.events.ChangeType;
import ai.crafted.events.McpServerConfig;
import ai.crafted.events.McpTransport;
import ai.crafted.events.ToolDescriptor;
import ai.crafted.gateway.plugin.PluginRegistry;
import ai.crafted.secrets.AesGcmKeyring;
import ai.crafted.secrets.CredentialSecrets;
import ai.crafted.testsupport.events.SampleEvents;

class ToolInjectorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final PluginRegistry registry = new PluginRegistry(new CredentialSecrets(
            AesGcmKeyring.parse("test:" + Base64.getEncoder().encodeToString(new byte[32]), "test")));
    private final UUID org = UUID.randomUUID();

    @Test
    void injectsPrefixedFunctionToolsAndMapsNamesBackExactly() {
        UUID crm = plugin("support-crm", "lookup_customer", "tickets.search");

        ToolSet tools = injector(128).toolsFor(org, null);

        assertThat(tools.openAiTools().get(0).at("/function/name").asText()).isEqualTo("support-crm__lookup_customer");
        assertThat(tools.openAiTools().get(0).at("/function/parameters/type").asText()).isEqualTo("object");
        String dotted = tools.openAiTools().get(1).at("/function/name").asText();
        assertThat(dotted).matches("^[a-zA-Z0-9_-]{1,64}$");
        assertThat(tools.find(dotted)).get().satisfies(t -> {
            assertThat(t.tool().name()).isEqualTo("tickets.search");
            assertThat(t.plugin().integrationId()).isEqualTo(crm);
        });
    }

    @Test
    void theCapLeavesToolsOutAndNamesThem() {
        plugin("big", "t1", "t2", "t3", "t4");

        ToolSet tools = injector(3).toolsFor(org, null);

        assertThat(tools.openAiTools()).hasSize(3);
        assertThat(tools.omitted()).containsExactly("big__t4");
    }

    @Test
    void aRestrictionInjectsOnlyTheChosenPlugins() {
        UUID a = plugin("alpha", "one");
        plugin("beta", "two");

        assertThat(injector(128).toolsFor(org, Set.of(a)).byExposedName()).containsOnlyKeys("alpha__one");
        assertThat(injector(128).toolsFor(org, Set.of()).isEmpty()).isTrue();
    }

    private UUID plugin(String slug, String... toolNames) {
        UUID id = UUID.randomUUID();
        List<ToolDescriptor> tools = new ArrayList<>();
        for (String name : toolNames) {
            tools.add(new ToolDescriptor(name, null, "does " + name, JSON.createObjectNode().put("type", "object"), null));
        }
        McpServerConfig config = new McpServerConfig("https://x.example.com", McpTransport.STREAMABLE_HTTP, null);
        registry.apply(SampleEvents.integration(ChangeType.CREATED, org, id, 0, slug, config, null));
        registry.applyCatalog(id, SampleEvents.catalog(org, id, 1, config, tools));
        return id;
    }

    private ToolInjector injector(int cap) {
        return new ToolInjector(registry, cap, JSON);
    }
}
