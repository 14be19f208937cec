package ai.crafted.replay;

import java.util.Collection;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;

/**
 * The rebalance listener replaying channels name ({@value ReplayProgress#LISTENER}): hands each
 * assignment, with the channel's own consumer, to {@link ReplayProgress}.
 */
@ApplicationScoped
@Identifier(ReplayProgress.LISTENER)
public class ReplayRebalanceListener implements KafkaConsumerRebalanceListener {

    private final ReplayProgress progress;

    public ReplayRebalanceListener(ReplayProgress progress) {
        this.progress = progress;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        progress.assigned(consumer, partitions);
    }
}
