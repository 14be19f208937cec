package ai.crafted.gateway.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class ReplayProgressTest {

    private final ReplayProgress progress = new ReplayProgress();

    @Test
    void isBehindUntilEveryPartitionReachedItsStartUpEndOffset() {
        assertThat(progress.behind()).isEqualTo(-1);
        progress.targets(Map.of(new TopicPartition("api-key-updated", 0), 3L,
                new TopicPartition("api-key-updated", 1), 0L, new TopicPartition("integration-updated", 0), 1L));

        assertThat(progress.behind()).isEqualTo(4);
        progress.consumed("api-key-updated", 0, 1);
        progress.consumed("integration-updated", 0, 0);
        assertThat(progress.behind()).isEqualTo(1);
        progress.consumed("api-key-updated", 0, 2);
        assertThat(progress.behind()).isZero();
        progress.consumed("api-key-updated", 0, 7);
        assertThat(progress.behind()).isZero();
    }
}
