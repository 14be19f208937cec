package ai.crafted.integrations.integration;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

import ai.crafted.events.McpServerConfig;
import ai.crafted.events.ToolDescriptor;
import ai.crafted.integrations.credential.CredentialEntity;
import ai.crafted.integrations.credential.CredentialKeyrings;
import ai.crafted.integrations.credential.CredentialRepository;
import ai.crafted.integrations.error.ApiException;
import ai.crafted.integrations.error.FieldProblem;
import ai.crafted.integrations.error.InvalidFields;
import ai.crafted.integrations.error.RequestChecks;
import ai.crafted.mcp.McpClient;
import ai.crafted.mcp.McpEndpoint;

/**
 * "Test connection" before installing: connects to the MCP server as the refresher would
 * (initialize, then tools/list, with the credential's header) and reports what it found, storing
 * nothing. The endpoint passes the same policy as an install (https, public addresses) and the
 * MCP client's own address checks; the session is closed right after. OAuth credentials are not
 * tested here (their token comes from connecting them on the Credentials page).
 */
@ApplicationScoped
public class ConnectionTester {

    private final McpClient mcp;
    private final EndpointPolicy policy;
    private final CredentialRepository credentials;
    private final CredentialKeyrings keyrings;
    private final RequestChecks checks;
    private final Vertx vertx;

    public ConnectionTester(McpClient mcp, EndpointPolicy policy, CredentialRepository credentials, CredentialKeyrings keyrings,
            RequestChecks checks, Vertx vertx) {
        this.mcp = mcp;
        this.policy = policy;
        this.credentials = credentials;
        this.keyrings = keyrings;
        this.checks = checks;
        this.vertx = vertx;
    }

    /**
     * @param request the configuration and, optionally, a stored bearer or header credential of the organisation
     * @param headers headers of a credential typed in a form and not stored yet (used instead of
     *                the request's credential), or empty
     * @throws InvalidFields for an invalid configuration or credential (as an install would answer)
     */
    public Uni<ConnectionTest> test(UUID organizationId, ConnectionTestRequest request, Map<String, String> headers) {
        List<FieldProblem> problems = new ArrayList<>(checks.problemsOf(request));
        if (request == null || request.config() == null) {
            InvalidFields.throwIfAny(problems);
        }
        boolean endpointWritten = problems.stream().noneMatch(p -> "config.endpoint".equals(p.field()));
        Uni<String> endpoint = endpointWritten
                ? vertx.executeBlocking(Uni.createFrom().item(() -> policy.check(request.config().endpoint())))
                        .onFailure(ApiException.class).recoverWithItem(e -> InvalidFields.collect(problems, e))
                : Uni.createFrom().nullItem();
        Uni<Map<String, String>> auth = headersOf(organizationId, request.credentialId(), headers)
                .onFailure(ApiException.class).recoverWithItem(e -> InvalidFields.collect(problems, e));
        long started = System.nanoTime();
        return endpoint.chain(checked -> auth.invoke(() -> InvalidFields.throwIfAny(problems))
                .chain(sent -> list(new McpServerConfig(checked, request.config().transportOrDefault(),
                        request.config().timeoutMs(), null), sent)
                        .map(tools -> new ConnectionTest(true, tools.protocolVersion(), tools.tools().size(),
                                tools.tools().stream().map(ToolDescriptor::name).limit(ConnectionTest.NAMES_SHOWN).toList(), null,
                                elapsedMs(started)))
                        // Only the MCP server's answer (or its absence) is "could not connect"; our own faults stay faults.
                        .onFailure().recoverWithItem(e -> new ConnectionTest(false, null, 0, List.of(),
                                e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), elapsedMs(started)))));
    }

    private Uni<ai.crafted.mcp.ToolCatalog> list(McpServerConfig config, Map<String, String> headers) {
        String owner = "connection-test:" + UUID.randomUUID();
        return mcp.listCatalog(McpEndpoint.of(config, headers, owner)).onTermination().invoke(() -> mcp.retire(owner));
    }

    private Uni<Map<String, String>> headersOf(UUID organizationId, UUID credentialId, Map<String, String> typed) {
        if (!typed.isEmpty() || credentialId == null) {
            return Uni.createFrom().item(typed);
        }
        return Panache.withSession(() -> credentials.findOwned(organizationId, credentialId)).map(credential -> {
            if (credential == null) {
                throw ApiException.invalidConfig("credentialId", "credentialId " + credentialId + " is not a credential of this organisation");
            }
            if (credential.isOAuth()) {
                throw ApiException.invalidConfig("credentialId", "an OAuth credential is tested by connecting it on the Credentials"
                        + " page; install the plugin and refresh it to list its tools");
            }
            return headerOf(credential);
        });
    }

    private Map<String, String> headerOf(CredentialEntity credential) {
        String secret = keyrings.open(credential);
        return "header".equals(credential.type) ? Map.of(credential.headerName, secret) : Map.of("Authorization", "Bearer " + secret);
    }

    private static long elapsedMs(long started) {
        return Duration.ofNanos(System.nanoTime() - started).toMillis();
    }
}
