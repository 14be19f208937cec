package ai.crafted.integrations.oauth;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;

import ai.crafted.integrations.config.IntegrationsConfig;
import ai.crafted.mcp.McpClientOptions;
import ai.crafted.mcp.McpException;
import ai.crafted.mcp.oauth.OAuthHttp;
import ai.crafted.mcp.transport.HttpCaller;

/**
 * The OAuth requests of connect and refresh (discovery, registration, token) on the MCP client's
 * {@link HttpCaller}: the host is resolved and every address checked when the connection is made,
 * and the connection goes to the checked address, so a name that resolves to a private address
 * later (DNS rebinding) reaches nothing internal; redirects are not followed; each exchange ends
 * within {@code integrations.oauth.request-timeout} overall, however slowly the server sends, and
 * an answer over {@link OAuthHttp#MAX_ANSWER_BYTES} is refused. Blocking: call it off the event loop.
 */
@ApplicationScoped
public class PinnedOAuthHttp implements OAuthHttp {

    private final HttpClient client;
    private final HttpCaller caller;
    private final Duration deadline;

    public PinnedOAuthHttp(Vertx vertx, IntegrationsConfig config) {
        this.deadline = config.oauth().requestTimeout();
        int millis = (int) deadline.toMillis();
        this.client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(millis).setIdleTimeout(millis)
                .setIdleTimeoutUnit(java.util.concurrent.TimeUnit.MILLISECONDS).setMaxPoolSize(16));
        Set<String> allowed = config.endpoint().allowedPrivateHosts().orElse(Set.of());
        this.caller = new HttpCaller(vertx, client, McpClientOptions.defaults().withAllowedPrivateHosts(allowed));
    }

    @Override
    public Answer exchange(String method, URI url, Map<String, String> headers, String body, boolean readBody) throws IOException {
        try {
            HttpCaller.Exchange answer = caller.exchange(HttpMethod.valueOf(method), url, headers,
                    body == null ? null : body.getBytes(StandardCharsets.UTF_8), readBody, MAX_ANSWER_BYTES)
                    .ifNoItem().after(deadline).failWith(() -> new IOException("no complete answer within " + deadline.toSeconds() + " s"))
                    .await().indefinitely();
            Map<String, List<String>> answerHeaders = new LinkedHashMap<>();
            answer.headers().forEach(e -> answerHeaders.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
            return new Answer(answer.status(), answerHeaders, answer.body().toString(StandardCharsets.UTF_8));
        } catch (McpException e) {
            throw new IOException(e.getMessage(), e);
        } catch (RuntimeException e) {
            // A connection closed mid-body, a TLS error mid-stream, the deadline: all are "no usable answer".
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException(cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage(), cause);
        }
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
