package ai.crafted.testsupport.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

import ai.crafted.events.TopicSpec;
import ai.crafted.events.Topics;

/**
 * A real single-node Apache Kafka broker in KRaft mode (combined broker + controller), run as a
 * child JVM from the Kafka jars on this module's classpath. Used by the test resources and by
 * the local stack, so both start Kafka the same way.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private Process process;
    private final String bootstrapServers;
    private final Path config;
    private final Path logFile;

    private KafkaBroker(Process process, String bootstrapServers, Path config, Path logFile) {
        this.process = process;
        this.bootstrapServers = bootstrapServers;
        this.config = config;
        this.logFile = logFile;
    }

    /**
     * Formats a fresh data directory, starts the broker on the given port (0 picks a free one),
     * waits until it answers metadata requests and creates the project's topics.
     */
    public static KafkaBroker start(Path workDir, int port) {
        return start(workDir, port, false);
    }

    /**
     * {@link #start(Path, int)}, but keeps a data directory that was formatted before (the local
     * stack's records survive a stop and start: the services rebuild their state from the
     * compacted topics, so an emptied broker would silently forget every API key and catalog).
     */
    public static KafkaBroker startKeepingData(Path workDir, int port) {
        return start(workDir, port, true);
    }

    private static KafkaBroker start(Path workDir, int port, boolean keepData) {
        try {
            Path dataDir = workDir.resolve("data");
            boolean formatted = keepData && Files.exists(dataDir.resolve("meta.properties"));
            if (!formatted) {
                deleteRecursively(dataDir);
            }
            Files.createDirectories(dataDir);
            int brokerPort = port == 0 ? freePort() : port;
            int controllerPort = freePort();
            Path config = workDir.resolve("server.properties");
            Files.writeString(config, serverProperties(brokerPort, controllerPort, dataDir));
            Path logFile = workDir.resolve("kafka.log");

            if (!formatted) {
                run(List.of("kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(), "-c",
                        config.toString()), logFile);
            }
            Process process = javaProcess(List.of("kafka.Kafka", config.toString()), logFile).start();
            KafkaBroker broker = new KafkaBroker(process, "127.0.0.1:" + brokerPort, config, logFile);
            try {
                broker.awaitReady();
                broker.createTopics(Topics.ALL);
            } catch (RuntimeException e) {
                broker.close();
                throw e;
            }
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare the Kafka broker in " + workDir, e);
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public long pid() {
        return process.pid();
    }

    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000));
    }

    /**
     * Starts the broker again on the same ports and data after {@link #close()}: what a Kafka
     * outage and recovery look like to clients.
     */
    public synchronized void restart() {
        try {
            process = javaProcess(List.of("kafka.Kafka", config.toString()), logFile).start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not restart the Kafka broker", e);
        }
        awaitReady();
    }

    /** Kills the broker with SIGKILL (no controlled shutdown, unflushed data as the OS has it); {@link #restart()} brings it back. */
    public synchronized void kill() {
        try {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        awaitPortOpen(deadline);
        Exception last = null;
        try (Admin admin = admin()) {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("Kafka broker exited with code " + process.exitValue()
                            + "; last log lines:\n" + tail(logFile));
                }
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    last = e;
                }
                sleep(200);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("Kafka broker at " + bootstrapServers + " not ready after "
                + READY_TIMEOUT.toSeconds() + " s (" + last + "); last log lines:\n" + tail(logFile));
    }

    /** Waits for the listener socket first, so the admin client does not log connection refusals. */
    private void awaitPortOpen(long deadline) {
        String[] hostPort = bootstrapServers.split(":");
        while (System.nanoTime() < deadline && process.isAlive()) {
            try (java.net.Socket socket = new java.net.Socket()) {
                socket.connect(new java.net.InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), 500);
                return;
            } catch (IOException e) {
                try {
                    sleep(100);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void createTopics(List<TopicSpec> topics) {
        List<NewTopic> newTopics = new ArrayList<>();
        for (TopicSpec spec : topics) {
            NewTopic topic = new NewTopic(spec.name(), spec.partitions(), (short) 1);
            if (spec.compacted()) {
                topic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            }
            newTopics.add(topic);
        }
        try (Admin admin = admin()) {
            for (var entry : admin.createTopics(newTopics).values().entrySet()) {
                try {
                    entry.getValue().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("could not create topic " + entry.getKey(), e);
                    }
                }
            }
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException("could not create topics on " + bootstrapServers, e);
        }
    }

    private static String serverProperties(int brokerPort, int controllerPort, Path dataDir) {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", dataDir.toString());
        p.setProperty("num.partitions", "1");
        p.setProperty("auto.create.topics.enable", "true");
        // Single node: every internal topic has one replica, and consumers join without delay.
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "1");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        // After a kill -9 the controller fences the dead incarnation only when its session ends
        // (default 9 s): a shorter session lets a restarted broker register sooner.
        p.setProperty("broker.session.timeout.ms", "3000");
        p.setProperty("broker.heartbeat.interval.ms", "500");
        // The default 128 MB dedupe buffer would dominate a small heap.
        p.setProperty("log.cleaner.dedupe.buffer.size", "8388608");
        StringBuilder out = new StringBuilder("# written by ai.crafted.testsupport.kafka.KafkaBroker\n");
        p.stringPropertyNames().stream().sorted()
                .forEach(k -> out.append(k).append('=').append(p.getProperty(k)).append('\n'));
        return out.toString();
    }

    private static void run(List<String> mainAndArgs, Path logFile) throws IOException {
        Process process = javaProcess(mainAndArgs, logFile).start();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException(mainAndArgs.get(0) + " failed; log:\n" + tail(logFile));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + mainAndArgs.get(0), e);
        }
    }

    private static ProcessBuilder javaProcess(List<String> mainAndArgs, Path logFile) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // Small and quick to start: two cores are shared with the services under test.
        command.addAll(List.of("-Xms64m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path")));
        command.addAll(mainAndArgs);
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log at " + file + ")";
        }
    }

    private static void sleep(long millis) throws InterruptedException {
        Thread.sleep(millis);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
