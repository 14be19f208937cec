package ai.crafted.catalog.refresh;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;

import ai.crafted.events.ChangeType;
import ai.crafted.events.IntegrationUpdatedEvent;
import ai.crafted.events.Topics;
import ai.crafted.testsupport.events.SampleEvents;
import ai.crafted.testsupport.kafka.TopicWriter;
import ai.crafted.testsupport.postgres.TestDatabase;

@QuarkusTest
class IntegrationUpdatedConsumerTest {

    private final UUID org = UUID.randomUUID();

    @Inject
    MeterRegistry registry;

    @Test
    void readyOnlyOnceTheCredentialsPresentAtStartAreReplayed() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name.startsWith('state replay') }.name", equalTo("state replay [credential-updated]"))
                .body("checks.find { it.name.startsWith('state replay') }.data.recordsBehind", equalTo(0)));
    }

    @Test
    void installRecordsARefreshTargetFromTheRealBroker() {
        UUID id = UUID.randomUUID();
        publish(SampleEvents.integration(ChangeType.CREATED, org, id, 0, "support-crm", "https://a.example.com"));

        Map<String, Object> row = awaitTarget(id, 0);
        assertThat(row.get("organization_id")).isEqualTo(org);
        assertThat(row.get("endpoint")).isEqualTo("https://a.example.com");
        assertThat(row.get("refresh_required")).isEqualTo(true);
    }

    @Test
    void staleEventsDoNotOverwriteNewerStateAndDeleteRemovesTheTarget() {
        UUID id = UUID.randomUUID();
        double updatesBefore = consumedUpdates();
        publish(SampleEvents.integration(ChangeType.CREATED, org, id, 0, "crm", "https://v0.example.com"));
        publish(SampleEvents.integration(ChangeType.UPDATED, org, id, 2, "crm", "https://v2.example.com"));
        publish(SampleEvents.integration(ChangeType.UPDATED, org, id, 1, "crm", "https://v1.example.com"));

        // Both updates were handled (the stale one too) before we look at the row.
        await().atMost(Duration.ofSeconds(20)).until(() -> consumedUpdates() >= updatesBefore + 2);
        assertThat(awaitTarget(id, 2).get("endpoint")).isEqualTo("https://v2.example.com");

        publish(SampleEvents.integration(ChangeType.DELETED, org, id, 3, "crm", null));
        await().atMost(Duration.ofSeconds(20)).until(() -> targets(id).isEmpty());
    }

    @Test
    void anUnreadableRecordIsSkippedAndLaterEventsStillArrive() {
        UUID id = UUID.randomUUID();
        TopicWriter.sendRaw(Topics.INTEGRATION_UPDATED, id.toString(), "{this is not an event");
        publish(SampleEvents.integration(ChangeType.CREATED, org, id, 0, "after-junk", "https://j.example.com"));

        assertThat(awaitTarget(id, 0).get("slug")).isEqualTo("after-junk");
    }

    private double consumedUpdates() {
        var counter = registry.find("integration.events.consumed").tag("change", "updated").counter();
        return counter == null ? 0 : counter.count();
    }

    private static void publish(IntegrationUpdatedEvent event) {
        TopicWriter.send(Topics.INTEGRATION_UPDATED, event.integrationId().toString(), event);
    }

    private static Map<String, Object> awaitTarget(UUID id, long version) {
        await().atMost(Duration.ofSeconds(20)).until(() -> targets(id).stream()
                .anyMatch(r -> ((Number) r.get("integration_version")).longValue() == version));
        return targets(id).get(0);
    }

    private static List<Map<String, Object>> targets(UUID id) {
        return TestDatabase.query("select * from refresh_targets where integration_id = ?", id);
    }
}
