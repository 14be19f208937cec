package ai.crafted.mcp.oauth;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;

import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;

/**
 * How discovery, client registration and token requests reach the network: one whole exchange,
 * never following redirects, bounded by an overall deadline (not only per read: a server that
 * sends one byte every few seconds is cut off) and by {@link #MAX_ANSWER_BYTES}. Implementations
 * decide which addresses may be reached; {@link #jdk} is the plain one for tools and tests, a
 * service that must not reach its own network passes one that checks every address it connects to.
 */
public interface OAuthHttp {

    /** Largest answer read, in bytes: metadata documents and token answers are a few KB. */
    int MAX_ANSWER_BYTES = 256 * 1024;

    /**
     * @param headers names as sent; look them up with {@link #header}
     */
    record Answer(int status, Map<String, List<String>> headers, String body) {

        /** Every value of a header, its name compared without case; empty when absent. */
        public List<String> header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).toList();
        }
    }

    /**
     * @param body     the request body, or null for none
     * @param readBody false to take only the status and headers (the body is discarded: an MCP
     *                 server may answer with an endless event stream)
     * @throws IOException when the host cannot be reached or is refused, or no whole answer of at
     *                     most {@link #MAX_ANSWER_BYTES} arrives before the deadline
     */
    Answer exchange(String method, URI url, Map<String, String> headers, String body, boolean readBody) throws IOException;

    /** The JDK's HTTP client with this overall deadline per exchange; reaches any address. */
    static OAuthHttp jdk(java.time.Duration deadline) {
        return new JdkOAuthHttp(deadline);
    }

    /** A Nimbus request (registration, token) through this transport, its answer as Nimbus reads it. */
    default HTTPResponse send(HTTPRequest request) throws IOException {
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        request.getHeaderMap().forEach((name, values) -> headers.put(name, String.join(", ", values)));
        Answer answer = exchange(request.getMethod().name(), request.getURI(), headers, request.getBody(), true);
        HTTPResponse response = new HTTPResponse(answer.status());
        answer.headers().forEach((name, values) -> response.setHeader(name, values.toArray(String[]::new)));
        response.setBody(answer.body());
        return response;
    }
}
