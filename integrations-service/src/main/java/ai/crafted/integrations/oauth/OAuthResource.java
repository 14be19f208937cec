package ai.crafted.integrations.oauth;

import java.net.URI;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

import ai.crafted.integrations.config.IntegrationsConfig;
import ai.crafted.integrations.error.ApiException;
import ai.crafted.integrations.error.ErrorCodes;
import ai.crafted.integrations.error.QueryParameters;
import ai.crafted.mcp.oauth.McpAuthorization;

/**
 * The two OAuth URLs authorization servers and browsers reach without a bearer token: the
 * redirect URI ({@value #CALLBACK_PATH}; its {@code state} is the authentication, single use and
 * short-lived) and our Client ID Metadata Document ({@value #METADATA_PATH},
 * draft-ietf-oauth-client-id-metadata-document), whose URL is the client id.
 */
@Path("/oauth")
@PermitAll
@Tag(name = "OAuth", description = "The redirect URI and client metadata of the MCP authorization flow")
public class OAuthResource {

    static final String CALLBACK_PATH = "/oauth/callback";
    /** The cookie binding a started authorization to the browser that started it (see {@link OAuthBindingCookie}). */
    public static final String BINDING_COOKIE = OAuthBindingCookie.NAME;
    static final String METADATA_PATH = "/oauth/client-metadata.json";

    private final OAuthConnections connections;
    private final IntegrationsConfig config;
    private final OAuthBindingCookie bindingCookie;

    public OAuthResource(OAuthConnections connections, IntegrationsConfig config, OAuthBindingCookie bindingCookie) {
        this.connections = connections;
        this.config = config;
        this.bindingCookie = bindingCookie;
    }

    /**
     * The authorization server's redirect: completes the connect and sends the browser to the
     * credential list, which shows the result ({@code notice=oauth-connected}, or the problem on
     * the credential). An unknown, used or expired {@code state} is 400 {@code invalid_request}.
     */
    @GET
    @Path("/callback")
    @Operation(summary = "Redirect URI of the OAuth connect flow (the authorization server sends the browser here)")
    public Uni<Response> callback(@QueryParam("state") String state, @CookieParam(BINDING_COOKIE) String binding,
            @Context UriInfo uri, @Context HttpServerRequest request) {
        // The annotated parameter documents it; the value is read as sent, and a repeated state is refused.
        return connections.finish(uri.getRequestUri(), QueryParameters.single(request, "state"), binding).map(finished -> {
            if (finished.organizationId() == null) {
                throw new ApiException(400, ErrorCodes.INVALID_REQUEST, finished.problem(), "state");
            }
            String notice = finished.problem() == null ? "oauth-connected" : "oauth-failed";
            return Response.seeOther(URI.create("/ui/orgs/" + finished.organizationId() + "/credentials?notice=" + notice))
                    .cookie(bindingCookie.clear()).build();
        });
    }


    /** The Client ID Metadata Document: who we are to an authorization server that fetches our client id. */
    @GET
    @Path("/client-metadata.json")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Client ID Metadata Document (its URL is the client id when the public base URL is https)")
    public Map<String, Object> clientMetadata() {
        // The document's own URL is the client id (over http no server would accept it, but it says who we are).
        return Map.of("client_id", config.oauth().publicBaseUrl() + METADATA_PATH, "client_name", config.oauth().clientName(),
                "redirect_uris", List.of(connections.redirectUri().toString()),
                "grant_types", List.of("authorization_code", "refresh_token"), "response_types", List.of("code"),
                "token_endpoint_auth_method", "none",
                "application_type", McpAuthorization.applicationType(connections.redirectUri()));
    }
}
