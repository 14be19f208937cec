package ai.crafted.testsupport.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import ai.crafted.testsupport.postgres.PostgresAdmin;

/**
 * A service started from its built fast-jar ({@code <module>/target/quarkus-app/quarkus-run.jar})
 * as a separate JVM, configured only through system properties and environment variables, the
 * same way an operator would run it.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final ServiceSpec spec;
    private final int port;
    private final int managementPort;
    private final Process process;
    private final Path logFile;

    private ServiceProcess(ServiceSpec spec, int port, int managementPort, Process process, Path logFile) {
        this.spec = spec;
        this.port = port;
        this.managementPort = managementPort;
        this.process = process;
        this.logFile = logFile;
    }

    /**
     * @param managementPort port of the management interface (health, metrics, OpenAPI)
     * @param database    the database to use, or null when the service owns none
     * @param properties  extra {@code -D} properties (they win over application.properties)
     */
    public static ServiceProcess start(Path repoRoot, Path runDir, ServiceSpec spec, int port, int managementPort, String database,
            String kafkaBootstrap, List<String> jvmOptions, Map<String, String> properties) {
        Path jar = repoRoot.resolve(spec.name()).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(spec.name() + " is not built (" + jar + " missing): run ./mvnw -DskipTests package");
        }
        try {
            Files.createDirectories(runDir.resolve("logs"));
            Files.createDirectories(runDir.resolve("pids"));
            Path logFile = runDir.resolve("logs").resolve(spec.name() + ".log");
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmOptions);
            command.add("-Dquarkus.http.port=" + port);
            command.add("-Dquarkus.management.port=" + managementPort);
            // Loopback only: the dev profile trusts the committed signing key, so no one else may reach it.
            command.add("-Dquarkus.http.host=127.0.0.1");
            command.add("-Dquarkus.management.host=127.0.0.1");
            properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
            command.addAll(List.of("-jar", jar.toString()));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(repoRoot.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            Map<String, String> env = builder.environment();
            env.put("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrap);
            if (database != null) {
                env.put("DB_REACTIVE_URL", PostgresAdmin.reactiveUrl(database));
                env.put("DB_JDBC_URL", PostgresAdmin.jdbcUrl(database));
                env.put("DB_USER", PostgresAdmin.USER);
                env.put("DB_PASSWORD", PostgresAdmin.PASSWORD);
            }
            Process process = builder.start();
            Files.writeString(runDir.resolve("pids").resolve(spec.name() + ".pid"), Long.toString(process.pid()));
            return new ServiceProcess(spec, port, managementPort, process, logFile);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + spec.name(), e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** Where {@code /q/health}, {@code /q/metrics} and {@code /q/openapi} are served. */
    public String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    public ServiceSpec spec() {
        return spec;
    }

    public Path logFile() {
        return logFile;
    }

    /** Waits for {@code /q/health/ready} to answer 200; fails early, naming the log, if the JVM exits. */
    public void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer yet";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(spec.name() + " exited with code " + process.exitValue()
                        + " before it was ready; see " + logFile);
            }
            try {
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(managementUrl() + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
                last = "HTTP " + response.statusCode() + ": " + response.body();
            } catch (IOException e) {
                last = e.getClass().getSimpleName();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + spec.name(), e);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + spec.name(), e);
            }
        }
        throw new IllegalStateException(spec.name() + " not ready after " + timeout.toSeconds() + " s (" + last
                + "); see " + logFile);
    }

    /** Kills the JVM with SIGKILL: no shutdown hooks, nothing drained or committed. */
    public void kill() {
        try {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Asks the JVM to shut down (SIGTERM) and waits for it, at most {@code limit}, then kills it.
     *
     * @return how long it took to exit (the limit when it had to be killed)
     */
    public Duration stop(Duration limit) {
        long start = System.nanoTime();
        process.destroy();
        try {
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
                return limit;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Asks the JVM to shut down (SIGTERM) without waiting, so several services stop at once. */
    public void requestStop() {
        process.destroy();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
