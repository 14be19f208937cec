package ai.crafted.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * nginx as the reference reverse proxy, started as a child process from a config written into
 * {@code <runDir>/nginx}: one worker per core, keep-alive connections to the upstream (64 idle
 * kept), HTTP/1.1 upstream, no buffering of answers (SSE events pass at once), no access log.
 * Either side keeps a connection for up to 100 000 requests, like the gateway's Vert.x client.
 */
final class NginxProxy implements AutoCloseable {

    private final Process process;
    private final int port;

    private NginxProxy(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * The nginx binary ({@code -Dbench.nginx}, else on the PATH or in the usual sbin folders).
     *
     * @throws IllegalStateException naming why there is none
     */
    static Path binary() {
        String configured = System.getProperty("bench.nginx");
        if (configured != null) {
            if (!Files.isExecutable(Path.of(configured))) {
                throw new IllegalStateException("-Dbench.nginx=" + configured + " is not an executable file");
            }
            return Path.of(configured);
        }
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/usr/local/sbin:/usr/local/nginx/sbin";
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "nginx"))) {
                return Path.of(dir, "nginx");
            }
        }
        throw new IllegalStateException("no nginx binary on the PATH or in /usr/sbin (bench/run.sh installs Debian's nginx-light)");
    }

    /** Starts nginx in front of {@code upstreamPort} and waits until it accepts connections. */
    static NginxProxy start(Path runDir, int upstreamPort) throws IOException, InterruptedException {
        Path binary = binary();
        Path dir = Files.createDirectories(runDir.resolve("nginx"));
        for (String temp : List.of("client_body", "proxy", "fastcgi", "uwsgi", "scgi")) {
            Files.createDirectories(dir.resolve("temp").resolve(temp));
        }
        int port = Ports.free();
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(conf, """
                worker_processes auto;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events { worker_connections 4096; }
                http {
                    access_log off;
                    client_body_temp_path %1$s/temp/client_body;
                    proxy_temp_path %1$s/temp/proxy;
                    fastcgi_temp_path %1$s/temp/fastcgi;
                    uwsgi_temp_path %1$s/temp/uwsgi;
                    scgi_temp_path %1$s/temp/scgi;
                    client_max_body_size 11m;
                    keepalive_requests 100000;
                    upstream stub {
                        server 127.0.0.1:%2$d;
                        keepalive 64;
                        keepalive_requests 100000;
                    }
                    server {
                        listen 127.0.0.1:%3$d;
                        location / {
                            proxy_pass http://stub;
                            proxy_http_version 1.1;
                            proxy_set_header Connection "";
                            proxy_buffering off;
                        }
                    }
                }
                """.formatted(dir, upstreamPort, port));
        Process process = new ProcessBuilder(binary.toString(), "-p", dir.toString(), "-e", dir.resolve("error.log").toString(),
                "-c", conf.toString(), "-g", "daemon off;")
                .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
        NginxProxy nginx = new NginxProxy(process, port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("nginx exited with code " + process.exitValue() + ": "
                        + Files.readString(dir.resolve("nginx.out")).strip() + " (see " + dir.resolve("error.log") + ")");
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return nginx;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        nginx.close();
        throw new IllegalStateException("nginx did not listen on port " + port + " within 10 s (see " + dir.resolve("error.log") + ")");
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port + "/v1";
    }

    long pid() {
        return process.pid();
    }

    /** SIGTERM (nginx's fast shutdown: the master stops its workers), then SIGKILL after 10 s. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
