package ai.crafted.testsupport.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Gives a {@code @QuarkusTest} a real Kafka broker. One broker per test JVM, started on first
 * use on free ports with a fresh data directory and stopped when the JVM exits, so test classes
 * that restart Quarkus keep their topics. When {@code CRAFTED_KAFKA_BOOTSTRAP_SERVERS} is set, that
 * broker is reused instead (e.g. the local stack's).
 */
public class KafkaBrokerResource implements QuarkusTestResourceLifecycleManager {

    private static KafkaBroker broker;

    public static synchronized String bootstrapServers() {
        String external = System.getenv("CRAFTED_KAFKA_BOOTSTRAP_SERVERS");
        if (external != null && !external.isBlank()) {
            return external;
        }
        if (broker == null) {
            try {
                broker = KafkaBroker.start(Files.createTempDirectory("crafted-kafka-"), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            KafkaBroker started = broker;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "kafka-broker-stop"));
        }
        return broker.bootstrapServers();
    }

    /** Stops this JVM's broker, runs {@code whileDown}, then brings the broker back on the same address. */
    public static synchronized void withBrokerDown(Runnable whileDown) {
        bootstrapServers();
        if (broker == null) {
            throw new IllegalStateException("an external broker (CRAFTED_KAFKA_BOOTSTRAP_SERVERS) cannot be stopped by tests");
        }
        broker.close();
        try {
            whileDown.run();
        } finally {
            broker.restart();
        }
    }

    @Override
    public Map<String, String> start() {
        return Map.of("kafka.bootstrap.servers", bootstrapServers());
    }

    @Override
    public void stop() {
        // The broker outlives one Quarkus application: see the class comment.
    }
}
