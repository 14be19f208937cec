package ai.crafted.gateway.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import ai.crafted.events.ChangeType;
import ai.crafted.testsupport.events.SampleEvents;

class PluginRegistryTest {

    private final PluginRegistry registry = new PluginRegistry();
    private final UUID org = UUID.randomUUID();
    private final UUID id = UUID.randomUUID();

    @Test
    void anOlderEventDoesNotOverwriteANewerOne() {
        registry.apply(SampleEvents.integration(ChangeType.UPDATED, org, id, 2, "crm", "https://v2.example.com", List.of()));
        registry.apply(SampleEvents.integration(ChangeType.UPDATED, org, id, 1, "crm", "https://v1.example.com", List.of()));

        assertThat(registry.find(org, id)).get().extracting(p -> p.state().config().endpoint())
                .isEqualTo("https://v2.example.com");
    }

    @Test
    void aLateOlderUpdateDoesNotResurrectADeletedPlugin() {
        registry.apply(SampleEvents.integration(ChangeType.CREATED, org, id, 0, "crm", "https://a.example.com", List.of()));
        registry.apply(SampleEvents.integration(ChangeType.DELETED, org, id, 1, "crm", null, List.of()));
        registry.apply(SampleEvents.integration(ChangeType.UPDATED, org, id, 0, "crm", "https://a.example.com", List.of()));

        assertThat(registry.find(org, id)).isEmpty();
        assertThat(registry.forOrganization(org)).isEmpty();
    }

    @Test
    void lookupsNeverCrossOrganisations() {
        registry.apply(SampleEvents.integration(ChangeType.CREATED, org, id, 0, "crm", "https://a.example.com", List.of()));

        assertThat(registry.find(UUID.randomUUID(), id)).isEmpty();
        assertThat(registry.forOrganization(UUID.randomUUID())).isEmpty();
    }
}
