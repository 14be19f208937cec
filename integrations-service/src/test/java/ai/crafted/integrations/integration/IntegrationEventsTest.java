package ai.crafted.integrations.integration;

import static ai.crafted.integrations.ControlPanelApi.asAdmin;
import static ai.crafted.integrations.ControlPanelApi.newOrg;
import static ai.crafted.integrations.ControlPanelApi.storeBearer;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import ai.crafted.events.ChangeType;
import ai.crafted.events.CredentialUpdatedEvent;
import ai.crafted.events.EventJson;
import ai.crafted.events.IntegrationUpdatedEvent;
import ai.crafted.events.Topics;
import ai.crafted.secrets.AesGcmKeyring;
import ai.crafted.testsupport.kafka.TopicReader;

@QuarkusTest
class IntegrationEventsTest {

    @Test
    void everyChangePublishesIntegrationUpdatedInOrderOnTheRealBroker() {
        String org = newOrg();
        String id = asAdmin(org).body("""
                {"kind":"mcp","slug":"support-crm","displayName":"Support CRM",
                 "config":{"endpoint":"https://mcp.example.com","timeoutMs":30000}}""")
                .post("/organizations/{org}/integrations", org).then().statusCode(201).extract().path("id");
        asAdmin(org).body("{\"displayName\":\"CRM\"}").patch("/organizations/{org}/integrations/{id}", org, id)
                .then().statusCode(200);
        asAdmin(org).body("{\"config\":{\"endpoint\":\"https://crm.example.com/mcp\"}}")
                .patch("/organizations/{org}/integrations/{id}", org, id).then().statusCode(200);
        asAdmin(org).delete("/organizations/{org}/integrations/{id}", org, id).then().statusCode(204);

        try (TopicReader reader = new TopicReader(Topics.INTEGRATION_UPDATED)) {
            List<IntegrationUpdatedEvent> events = reader.awaitForKey(id, 4, Duration.ofSeconds(30)).stream()
                    .map(r -> EventJson.read(r.value(), IntegrationUpdatedEvent.class)).toList();

            assertThat(events).extracting(IntegrationUpdatedEvent::changeType)
                    .containsExactly(ChangeType.CREATED, ChangeType.UPDATED, ChangeType.UPDATED, ChangeType.DELETED);
            assertThat(events).extracting(IntegrationUpdatedEvent::version).isSorted();
            assertThat(events.get(0).organizationId()).hasToString(org);
            assertThat(events.get(0).integration().config().timeoutMs()).isEqualTo(30000);
            assertThat(events.get(1).integration().displayName()).isEqualTo("CRM");
            assertThat(events.get(2).integration().config().endpoint()).isEqualTo("https://crm.example.com/mcp");
            assertThat(events.get(3).integration()).isNull();
        }
    }

    @Test
    void credentialChangesPublishOnlySealedSecrets() {
        String org = newOrg();
        String id = storeBearer(org, "crm-token", "first-plaintext-secret");
        asAdmin(org).body("{\"secret\":\"second-plaintext-secret\"}")
                .post("/organizations/{org}/credentials/{id}/rotate", org, id).then().statusCode(200);
        asAdmin(org).delete("/organizations/{org}/credentials/{id}", org, id).then().statusCode(204);

        try (TopicReader reader = new TopicReader(Topics.CREDENTIAL_UPDATED)) {
            var records = reader.awaitForKey(id, 3, Duration.ofSeconds(30));
            assertThat(records).allSatisfy(r -> assertThat(r.value()).doesNotContain("plaintext-secret"));
            List<CredentialUpdatedEvent> events = records.stream()
                    .map(r -> EventJson.read(r.value(), CredentialUpdatedEvent.class)).toList();
            assertThat(events).extracting(CredentialUpdatedEvent::changeType)
                    .containsExactly(ChangeType.CREATED, ChangeType.ROTATED, ChangeType.DELETED);

            var config = ConfigProvider.getConfig();
            AesGcmKeyring transport = AesGcmKeyring.parse(
                    config.getValue("credentials.transport.keyring", String.class),
                    config.getValue("credentials.transport.active-key-id", String.class));
            String aad = CredentialUpdatedEvent.associatedData(UUID.fromString(org), UUID.fromString(id));
            assertThat(transport.open(events.get(0).secret(), aad)).isEqualTo("first-plaintext-secret");
            assertThat(transport.open(events.get(1).secret(), aad)).isEqualTo("second-plaintext-secret");
            assertThat(events.get(1).headerName()).isEqualTo("Authorization");
            assertThat(events.get(2).secret()).isNull();
        }
    }
}
