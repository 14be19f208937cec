package ai.crafted.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.vertx.core.Vertx;

import ai.crafted.testsupport.auth.DevLoginProvider;
import ai.crafted.testsupport.kafka.KafkaBroker;
import ai.crafted.testsupport.mcp.FakeGraphApi;
import ai.crafted.testsupport.mcp.ScriptedUpstream;
import ai.crafted.testsupport.postgres.PostgresAdmin;
import ai.crafted.testsupport.stack.LocalStack;
import ai.crafted.testsupport.stack.ServiceProcess;
import ai.crafted.testsupport.stack.ServiceSpec;

/**
 * A stack for breaking things: its own Kafka broker (so killing it touches no other test), the
 * built services as separate JVMs, any number of instances of each (own ports, one database per
 * service shared by its instances, one broker), and the means to kill, stop and restart each
 * piece: the broker ({@link #broker()}), an instance ({@link #kill}, {@link #stop},
 * {@link #restart}) and a service's database ({@link #cutDatabase}). whatsapp-worker instances
 * call the first gateway instance.
 */
final class FaultStack implements AutoCloseable {

    private static final List<String> JVM = List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-Dquarkus.profile=dev");

    private final Path repoRoot;
    private final Path runDir;
    private final KafkaBroker broker;
    private final Vertx vertx = Vertx.vertx();
    private final ScriptedUpstream upstream = ScriptedUpstream.start(vertx);
    private final FakeGraphApi graph = FakeGraphApi.start(vertx);
    private final DevLoginProvider login = DevLoginProvider.start(vertx, 0);
    private final Map<String, String> databases = new LinkedHashMap<>();
    private final Map<String, List<Instance>> instances = new LinkedHashMap<>();
    /** Extra {@code -D} properties per service (every instance, restarts too); see {@link #start(Map, Map)}. */
    private final Map<String, Map<String, String>> extraProperties;

    /** One instance's fixed ports (kept across restarts, so clients need not be told) and its current process. */
    private static final class Instance {
        final int port = RunningStack.freePort();
        final int managementPort = RunningStack.freePort();
        final Path runDir;
        ServiceProcess process;

        Instance(Path runDir) {
            this.runDir = runDir;
        }
    }

    private FaultStack(Map<String, Integer> counts) {
        this(counts, Map.of());
    }

    private FaultStack(Map<String, Integer> counts, Map<String, Map<String, String>> extraProperties) {
        this.extraProperties = extraProperties;
        repoRoot = Path.of(System.getProperty("crafted.repo.root", "..")).toAbsolutePath().normalize();
        runDir = repoRoot.resolve("e2e-tests/target/fault-stack-" + UUID.randomUUID().toString().substring(0, 8));
        try {
            Files.createDirectories(runDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        broker = KafkaBroker.start(runDir.resolve("kafka"), 0);
        for (ServiceSpec spec : LocalStack.SERVICES) {
            if (spec.database() != null) {
                String database = "fault_" + spec.database() + "_" + UUID.randomUUID().toString().substring(0, 8);
                PostgresAdmin.createDatabase(database);
                databases.put(spec.name(), database);
            }
            instances.put(spec.name(), new ArrayList<>());
        }
        for (ServiceSpec spec : LocalStack.SERVICES) {
            for (int i = 0; i < counts.getOrDefault(spec.name(), 1); i++) {
                addInstance(spec.name());
            }
        }
    }

    /** Starts the stack with {@code counts} instances of the named services (1 of the others) and waits until all are ready. */
    static FaultStack start(Map<String, Integer> counts) {
        return start(counts, Map.of());
    }

    /** As {@link #start(Map)}, with extra {@code -D} properties per service name (they win over the stack's own). */
    static FaultStack start(Map<String, Integer> counts, Map<String, Map<String, String>> properties) {
        FaultStack stack = new FaultStack(Map.of(), properties);
        try {
            stack.startAll(counts);
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
        return stack;
    }

    private void startAll(Map<String, Integer> counts) {
        for (var entry : counts.entrySet()) {
            for (int i = instances.get(entry.getKey()).size(); i < entry.getValue(); i++) {
                addInstance(entry.getKey());
            }
        }
        for (ServiceSpec spec : LocalStack.SERVICES) {
            if (instances.get(spec.name()).isEmpty()) {
                addInstance(spec.name());
            }
        }
        instances.values().forEach(list -> list.forEach(i -> i.process.awaitReady(Duration.ofSeconds(150))));
    }

    /** Starts one more instance of the service (not waiting for it to be ready); returns its index. */
    int addInstance(String service) {
        List<Instance> list = instances.get(service);
        Instance instance = new Instance(runDir.resolve(service + "-" + list.size()));
        list.add(instance);
        launch(service, instance);
        return list.size() - 1;
    }

    private void launch(String service, Instance instance) {
        ServiceSpec spec = LocalStack.SERVICES.stream().filter(s -> s.name().equals(service)).findFirst().orElseThrow();
        Map<String, String> properties = switch (service) {
            case "gateway-service" -> Map.of("gateway.upstreams.default.base-url", upstream.baseUrl());
            case "integrations-service" -> Map.of("quarkus.oidc.ui.auth-server-url", login.issuer());
            case "whatsapp-worker" -> Map.of("whatsapp.gateway-url", url("gateway-service", 0),
                    "whatsapp.graph.base-url", graph.baseUrl());
            default -> Map.of();
        };
        if (extraProperties.containsKey(service)) {
            properties = new LinkedHashMap<>(properties);
            properties.putAll(extraProperties.get(service));
        }
        instance.process = ServiceProcess.start(repoRoot, instance.runDir, spec, instance.port, instance.managementPort,
                databases.get(service), broker.bootstrapServers(), JVM, properties);
    }

    /** The base URL of an instance (its port stays the same across restarts). */
    String url(String service, int index) {
        return "http://127.0.0.1:" + instances.get(service).get(index).port;
    }

    String url(String service) {
        return url(service, 0);
    }

    String managementUrl(String service, int index) {
        return "http://127.0.0.1:" + instances.get(service).get(index).managementPort;
    }

    ServiceProcess process(String service, int index) {
        return instances.get(service).get(index).process;
    }

    /** SIGKILL: the instance dies where it stands. */
    void kill(String service, int index) {
        process(service, index).kill();
    }

    /** SIGTERM, waiting at most 30 s; returns how long the instance took to exit. */
    Duration stop(String service, int index) {
        return process(service, index).stop(Duration.ofSeconds(30));
    }

    /** Starts a stopped or killed instance again on the same ports and waits until it is ready. */
    void restart(String service, int index) {
        Instance instance = instances.get(service).get(index);
        launch(service, instance);
        instance.process.awaitReady(Duration.ofSeconds(150));
    }

    /** Every instance answers ready again (without anyone restarting it). */
    void awaitAllReady(Duration timeout) {
        instances.values().forEach(list -> list.forEach(i -> i.process.awaitReady(timeout)));
    }

    /** The name of the service's database (on {@link PostgresAdmin}'s server). */
    String database(String service) {
        return databases.get(service);
    }

    /** The service's database refuses and drops connections for {@code down}, as in a PostgreSQL restart; blocks meanwhile. */
    void cutDatabase(String service, Duration down) {
        String database = databases.get(service);
        PostgresAdmin.closeDatabase(database);
        try {
            Thread.sleep(down.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            PostgresAdmin.reopenDatabase(database);
        }
    }

    KafkaBroker broker() {
        return broker;
    }

    ScriptedUpstream upstream() {
        return upstream;
    }

    FakeGraphApi graph() {
        return graph;
    }

    Vertx vertx() {
        return vertx;
    }

    @Override
    public void close() {
        instances.values().forEach(list -> list.forEach(i -> {
            if (i.process != null) {
                i.process.requestStop();
            }
        }));
        instances.values().forEach(list -> list.forEach(i -> {
            if (i.process != null) {
                i.process.close();
            }
        }));
        broker.close();
        databases.values().forEach(database -> {
            PostgresAdmin.reopenDatabase(database);
            PostgresAdmin.dropDatabase(database);
        });
        upstream.close();
        graph.close();
        login.close();
        vertx.close();
    }
}
