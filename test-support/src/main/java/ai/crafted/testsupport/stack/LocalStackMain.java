package ai.crafted.testsupport.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ai.crafted.testsupport.kafka.KafkaBroker;

/**
 * Starts the local stack (called by deploy/local/start.sh after PostgreSQL is ensured and the
 * services are built): Kafka on 9092, then the four services on their documented ports, each
 * awaited on /q/health/ready with progress printed. Every process is left running with its pid
 * in {@code .local/pids}; deploy/local/stop.sh stops exactly those.
 */
public final class LocalStackMain {

    private LocalStackMain() {
    }

    public static void main(String[] args) throws IOException {
        Path repoRoot = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        Path runDir = repoRoot.resolve(".local");
        Files.createDirectories(runDir.resolve("logs"));
        Files.createDirectories(runDir.resolve("pids"));

        step("kafka", "starting a KRaft broker on 127.0.0.1:" + LocalStack.KAFKA_PORT);
        KafkaBroker broker;
        try {
            broker = KafkaBroker.startKeepingData(runDir.resolve("kafka"), LocalStack.KAFKA_PORT);
        } catch (RuntimeException e) {
            fail("kafka", e.getMessage(), runDir.resolve("kafka/kafka.log"));
            return;
        }
        Files.writeString(runDir.resolve("pids/kafka.pid"), Long.toString(broker.pid()));
        step("kafka", "ready (pid " + broker.pid() + ")");

        Map<String, Map<String, String>> properties = DemoPeers.start(repoRoot, runDir);

        List<ServiceProcess> started = new ArrayList<>();
        for (ServiceSpec spec : LocalStack.SERVICES) {
            step(spec.name(), "starting on port " + spec.port());
            started.add(ServiceProcess.start(repoRoot, runDir, spec, spec.port(), spec.managementPort(), spec.database(),
                    broker.bootstrapServers(), List.of("-Xmx384m", "-Dquarkus.profile=dev"),
                    properties.getOrDefault(spec.name(), Map.of())));
        }
        for (ServiceProcess service : started) {
            step(service.spec().name(), "waiting for " + service.managementUrl() + "/q/health/ready");
            try {
                service.awaitReady(Duration.ofSeconds(120));
            } catch (RuntimeException e) {
                fail(service.spec().name(), e.getMessage(), service.logFile());
                return;
            }
            step(service.spec().name(), "ready");
        }

        System.out.println();
        System.out.println("The stack is up:");
        System.out.printf("  %-22s %s%n", "kafka", broker.bootstrapServers());
        for (ServiceProcess service : started) {
            System.out.printf("  %-22s %s  (management %s: /q/health, /q/metrics, /q/openapi)%n",
                    service.spec().name(), service.baseUrl(), service.managementUrl());
        }
        DemoPeers.describe().forEach(line -> System.out.printf("  %s%n", line));
        System.out.println("  web UI                 http://127.0.0.1:8081/ui (sign in on the dev login page: any organisation id, admin or viewer)");
        System.out.println("  logs                   " + runDir.resolve("logs"));
        System.out.println("Walk through the product with deploy/local/demo.sh; stop everything with deploy/local/stop.sh");
        System.exit(0);
    }

    static void step(String component, String message) {
        System.out.printf("[%-20s] %s%n", component, message);
        System.out.flush();
    }

    static void fail(String component, String message, Path log) {
        System.err.printf("[%-20s] FAILED: %s%n  log: %s%n  (processes started so far keep running; deploy/local/stop.sh stops them)%n",
                component, message, log);
        System.exit(1);
    }
}
