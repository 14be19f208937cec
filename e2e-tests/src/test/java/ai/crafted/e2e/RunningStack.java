package ai.crafted.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.vertx.core.Vertx;

import ai.crafted.testsupport.auth.DevLoginProvider;
import ai.crafted.testsupport.kafka.KafkaBrokerResource;
import ai.crafted.testsupport.mcp.EverythingServer;
import ai.crafted.testsupport.mcp.FakeGraphApi;
import ai.crafted.testsupport.mcp.ScriptedUpstream;
import ai.crafted.testsupport.postgres.PostgresAdmin;
import ai.crafted.testsupport.stack.LocalStack;
import ai.crafted.testsupport.stack.ServiceProcess;
import ai.crafted.testsupport.stack.ServiceSpec;

/**
 * The four built services as separate JVMs, on free ports, each with a throw-away database,
 * all on one real Kafka broker: the same launcher the local stack uses. Services run with the
 * dev profile (dev signing key, loopback MCP servers allowed); the web UI signs in through the
 * dev login provider.
 */
final class RunningStack implements AutoCloseable {

    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    private final Vertx vertx = Vertx.vertx();
    /** The model behind the gateway: scripted, so tests decide what the "model" answers. */
    private final ScriptedUpstream upstream = ScriptedUpstream.start(vertx);
    /** Where the WhatsApp worker sends replies. */
    private final FakeGraphApi graph = FakeGraphApi.start(vertx);
    /** The identity provider of the web UI's code flow (the dev login page). */
    private final DevLoginProvider login = DevLoginProvider.start(vertx, 0);
    private final Map<String, String> databases = new LinkedHashMap<>();
    /** One server-everything (streamable HTTP) for every test class; started on first use. */
    private EverythingServer everything;

    private static RunningStack shared;

    /** One stack per test JVM, shared by every end-to-end test class, stopped when the JVM exits. */
    static synchronized RunningStack shared() {
        if (shared == null) {
            RunningStack stack = new RunningStack();
            try {
                stack.launch();
            } catch (RuntimeException e) {
                stack.close();
                throw e;
            }
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "e2e-stack-stop"));
            shared = stack;
        }
        return shared;
    }

    private void launch() {
        Path repoRoot = Path.of(System.getProperty("crafted.repo.root", "..")).toAbsolutePath().normalize();
        Path runDir;
        try {
            runDir = Files.createDirectories(repoRoot.resolve("e2e-tests/target/stack"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String kafka = KafkaBrokerResource.bootstrapServers();
        Map<String, Integer> ports = new LinkedHashMap<>();
        LocalStack.SERVICES.forEach(spec -> ports.put(spec.name(), freePort()));
        for (ServiceSpec spec : LocalStack.SERVICES) {
            String database = null;
            if (spec.database() != null) {
                database = "e2e_" + spec.database() + "_" + UUID.randomUUID().toString().substring(0, 8);
                PostgresAdmin.createDatabase(database);
                databases.put(spec.name(), database);
            }
            // Quick start-up matters more than peak speed here: two cores start four JVMs.
            Map<String, String> properties = switch (spec.name()) {
                case "gateway-service" -> Map.of("gateway.upstreams.default.base-url", upstream.baseUrl());
                // OAuth redirects come back to this service's own address; grants are refreshed within a second of falling due.
                case "integrations-service" -> Map.of("quarkus.oidc.ui.auth-server-url", login.issuer(),
                        "integrations.oauth.public-base-url", "http://127.0.0.1:" + ports.get("integrations-service"),
                        "integrations.oauth.refresh-scan-interval", "PT1S",
                        "integrations.ui.whatsapp-webhook-base-url", "http://127.0.0.1:" + ports.get("whatsapp-worker"));
                case "whatsapp-worker" -> Map.of("whatsapp.gateway-url", "http://127.0.0.1:" + ports.get("gateway-service"),
                        "whatsapp.graph.base-url", graph.baseUrl());
                default -> Map.of();
            };
            services.put(spec.name(), ServiceProcess.start(repoRoot, runDir, spec, ports.get(spec.name()), freePort(), database, kafka,
                    List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-Dquarkus.profile=dev"), properties));
        }
        services.values().forEach(s -> s.awaitReady(Duration.ofSeconds(120)));
    }

    synchronized EverythingServer everything() {
        if (everything == null) {
            everything = EverythingServer.streamableHttp();
        }
        return everything;
    }

    Vertx vertx() {
        return vertx;
    }

    ScriptedUpstream upstream() {
        return upstream;
    }

    FakeGraphApi graph() {
        return graph;
    }

    String url(String service) {
        return services.get(service).baseUrl();
    }

    /** The service's management interface: health, metrics, OpenAPI. */
    String managementUrl(String service) {
        return services.get(service).managementUrl();
    }

    /** The service's log file (its stdout and stderr). */
    Path logFile(String service) {
        return services.get(service).logFile();
    }

    /** The name of the service's throw-away database. */
    String database(String service) {
        return databases.get(service);
    }

    @Override
    public void close() {
        // All at once: each JVM takes a few seconds to leave its consumer groups.
        services.values().forEach(ServiceProcess::requestStop);
        services.values().forEach(ServiceProcess::close);
        databases.values().forEach(PostgresAdmin::dropDatabase);
        if (everything != null) {
            everything.close();
        }
        upstream.close();
        graph.close();
        login.close();
        vertx.close();
    }

    /** A port free right now (the service binds it a moment later). */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
