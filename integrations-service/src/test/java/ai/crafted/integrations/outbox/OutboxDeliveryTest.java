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

    @Test
    void aWriteAnswersOnlyOnceKafkaHasAcknowledgedItsEventsSoReadersCanSeeIt() {
        String org = newOrg();
        for (int i = 0; i < 10; i++) {
            String id = install(org, "acknowledged-" + i);
            // Read-your-writes: the answer waited for the relay, not just for the commit.
            assertThat(pendingFor(List.of(id))).as("unpublished events of install %d when it answered", i).isZero();
            assertThat(TestDatabase.query("select id from outbox_events where message_key = ?", id)).isNotEmpty();
        }
    }

    @Test
    void withKafkaDownAWriteStillAnswersAfterTheBoundAndItsEventFollowsLater() {
        String org = newOrg();
        List<String> ids = new ArrayList<>();
        long[] tookMs = new long[1];
        KafkaBrokerResource.withBrokerDown(() -> {
            long start = System.nanoTime();
            ids.add(install(org, "bounded-wait"));
            tookMs[0] = (System.nanoTime() - start) / 1_000_000;
            assertThat(pendingFor(ids)).isEqualTo(1);
        });
        // outbox.await-published is 5 s; the answer must not hang on the broker.
        assertThat(tookMs[0]).as("ms the install took with Kafka down").isLessThan(20_000);
        try (TopicReader reader = new TopicReader(Topics.INTEGRATION_UPDATED)) {
            assertThat(reader.awaitForKey(ids.get(0), 1, Duration.ofSeconds(60))).hasSize(1);
        }
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
