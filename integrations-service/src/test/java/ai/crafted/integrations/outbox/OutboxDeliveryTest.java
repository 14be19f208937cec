package ai.crafted.integrations.outbox;

import static ai.crafted.integrations.ControlPanelApi.install;
import static ai.crafted.integrations.ControlPanelApi.newOrg;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import ai.crafted.events.Topics;
import ai.crafted.testsupport.kafka.KafkaBrokerResource;
import ai.crafted.testsupport.kafka.TopicReader;
import ai.crafted.testsupport.postgres.TestDatabase;

@QuarkusTest
class OutboxDeliveryTest {

    @Test
    void changesCommittedWhileKafkaIsDownArePublishedInOrderWhenItReturns() {
        String org = newOrg();
        List<String> ids = new ArrayList<>();

        KafkaBrokerResource.withBrokerDown(() -> {
            // The API keeps working: the events wait in the outbox, committed with the changes.
            ids.add(install(org, "during-outage-1"));
            ids.add(install(org, "during-outage-2"));
            assertThat(pendingFor(ids)).isEqualTo(2);
        });

        try (TopicReader reader = new TopicReader(Topics.INTEGRATION_UPDATED)) {
            for (String id : ids) {
                assertThat(reader.awaitForKey(id, 1, Duration.ofSeconds(60))).hasSize(1);
            }
        }
        assertThat(pendingFor(ids)).isZero();
    }

    private static int pendingFor(List<String> ids) {
        int pending = 0;
        for (String id : ids) {
            pending += TestDatabase.query("select id from outbox_events where message_key = ? and published_at is null",
                    id).size();
        }
        return pending;
    }
}
