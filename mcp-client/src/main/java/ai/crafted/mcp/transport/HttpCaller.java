package ai.crafted.mcp.transport;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLException;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;

import ai.crafted.mcp.McpClientOptions;
import ai.crafted.mcp.McpException;
import ai.crafted.mcp.McpException.Kind;
import ai.crafted.mcp.net.InternalAddresses;
import ai.crafted.mcp.net.NumericHostForms;

/**
 * Sends HTTP requests to an MCP server without letting a tenant reach our own network: the host
 * is resolved here, every address is checked, and the connection goes to the checked address
 * (Host header and TLS name stay the original host), so DNS rebinding between check and connect
 * does not help. Redirects are never followed.
 */
public final class HttpCaller {

    private final Vertx vertx;
    private final HttpClient client;
    private final McpClientOptions options;

    public HttpCaller(Vertx vertx, HttpClient client, McpClientOptions options) {
        this.vertx = vertx;
        this.client = client;
        this.options = options;
    }

    public McpClientOptions options() {
        return options;
    }

    public Vertx vertx() {
        return vertx;
    }

    /**
     * Starts a request and returns the response head, paused: the caller reads the body with
     * {@link ResponseBodies} or discards it.
     */
    public Uni<HttpClientResponse> send(HttpMethod method, URI url, Map<String, String> headers, byte[] body) {
        // Everything about one exchange happens on one Vert.x context: the response head then
        // its body chunks arrive there in order, and we pause the response before any chunk,
        // because the caller sets its body handlers a moment later, possibly on another thread.
        Context context = vertx.getOrCreateContext();
        return resolve(url).chain(address -> {
            RequestOptions request = new RequestOptions()
                    .setMethod(method)
                    .setAbsoluteURI(url.toString())
                    .setServer(address)
                    .setFollowRedirects(false);
            headers.forEach(request::putHeader);
            return Uni.createFrom().<HttpClientResponse>emitter(emitter -> context.runOnContext(ignored -> client
                    .request(request)
                    .compose(r -> body == null ? r.send() : r.send(Buffer.buffer(body)))
                    .onComplete(result -> {
                        if (result.succeeded()) {
                            result.result().pause();
                            emitter.complete(result.result());
                        } else {
                            emitter.fail(result.cause());
                        }
                    })));
        }).onFailure(e -> !(e instanceof McpException)).transform(e -> connectionFailure(url, e));
    }

    /**
     * One whole exchange with the same address checks as {@link #send}: the status, the headers,
     * and the body when {@code readBody} (at most {@code cap} bytes, else a failure saying so;
     * otherwise discarded unread).
     */
    public Uni<Exchange> exchange(HttpMethod method, URI url, Map<String, String> headers, byte[] body, boolean readBody, int cap) {
        Map<String, String> sent = headers;
        if (!readBody) {
            // The connection is dropped after the head: it must not go back to the pool for another request.
            sent = new java.util.LinkedHashMap<>(headers);
            sent.put("Connection", "close");
        }
        return send(method, url, sent, body).chain(response -> {
            if (!readBody) {
                // Not read at all (it may be an endless event stream): the stream is dropped, quietly.
                response.exceptionHandler(e -> {
                });
                response.handler(null);
                response.request().reset();
                return Uni.createFrom().item(new Exchange(response.statusCode(), response.headers(), Buffer.buffer()));
            }
            return ResponseBodies.collect(response, cap).map(bytes -> new Exchange(response.statusCode(), response.headers(), bytes));
        });
    }

    /** A whole answer: status, headers and body (empty when not read). */
    public record Exchange(int status, io.vertx.core.MultiMap headers, Buffer body) {
    }

    private Uni<SocketAddress> resolve(URI url) {
        String written = NumericHostForms.hostAsWritten(url);
        String hostForm = NumericHostForms.reasonRefused(written);
        if (hostForm != null || url.getHost() == null) {
            return Uni.createFrom().failure(new McpException(Kind.BLOCKED_ADDRESS, "MCP server host " + written + " is "
                    + (hostForm != null ? hostForm : "not a valid host name")));
        }
        String host = url.getHost();
        int port = url.getPort() > 0 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
        boolean allowListed = options.allowedPrivateHosts().contains(bareHost(host).toLowerCase(Locale.ROOT));
        return Uni.createFrom().completionStage(() -> vertx.<InetAddress>executeBlocking(() -> {
            InetAddress[] addresses = InetAddress.getAllByName(bareHost(host));
            if (!allowListed) {
                for (InetAddress address : addresses) {
                    String reason = InternalAddresses.reasonRefused(address);
                    if (reason != null) {
                        throw new McpException(Kind.BLOCKED_ADDRESS, "MCP server host " + host + " resolves to "
                                + reason + " (" + address.getHostAddress() + "), which integrations may not reach");
                    }
                }
            }
            return addresses[0];
        }, false).toCompletionStage())
                .map(address -> SocketAddress.inetSocketAddress(port, address.getHostAddress()));
    }

    private static String bareHost(String host) {
        return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }

    static McpException connectionFailure(URI url, Throwable e) {
        Throwable cause = e.getCause() != null && e.getMessage() == null ? e.getCause() : e;
        String where = url.getHost() + (url.getPort() > 0 ? ":" + url.getPort() : "");
        if (cause instanceof UnknownHostException) {
            return new McpException(Kind.CONNECTION, "MCP server host " + url.getHost() + " does not resolve", 0, e);
        }
        if (cause instanceof ConnectException) {
            return new McpException(Kind.CONNECTION, "could not connect to " + where + " (connection refused)", 0, e);
        }
        if (cause instanceof SSLException) {
            return new McpException(Kind.CONNECTION, "TLS handshake with " + where + " failed: " + cause.getMessage(), 0, e);
        }
        if (cause instanceof TimeoutException || String.valueOf(cause.getMessage()).contains("timed out")) {
            return new McpException(Kind.CONNECTION, "connecting to " + where + " timed out", 0, e);
        }
        return new McpException(Kind.CONNECTION, "connection to " + where + " failed: " + cause.getMessage(), 0, e);
    }
}
