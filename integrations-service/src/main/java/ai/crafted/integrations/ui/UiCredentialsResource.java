package ai.crafted.integrations.ui;

import static ai.crafted.integrations.ui.UiForms.blankToNull;
import static ai.crafted.integrations.ui.UiForms.seeOther;
import static ai.crafted.integrations.ui.UiForms.trim;

import java.util.List;
import java.util.UUID;

import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

import ai.crafted.integrations.auth.AdminOnly;
import ai.crafted.integrations.credential.CreateCredentialRequest;
import ai.crafted.integrations.credential.CredentialService;
import ai.crafted.integrations.credential.RotateCredentialRequest;
import ai.crafted.integrations.error.ApiException;
import ai.crafted.integrations.error.ErrorCodes;
import ai.crafted.integrations.error.ListQuery;
import ai.crafted.integrations.oauth.OAuthConnections;
import ai.crafted.integrations.oauth.OAuthBindingCookie;
import ai.crafted.mcp.oauth.Scopes;
import ai.crafted.secrets.ApiKeys;

/** Credentials: create, rotate, delete, and connect OAuth ones. Secrets go in, never come out. */
@Path("/ui/orgs/{org}/credentials")
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class UiCredentialsResource {

    private final UiPages pages;
    private final CredentialService credentials;
    private final OAuthConnections connections;
    private final OAuthBindingCookie bindingCookie;

    public UiCredentialsResource(UiPages pages, CredentialService credentials, OAuthConnections connections,
            OAuthBindingCookie bindingCookie) {
        this.pages = pages;
        this.credentials = credentials;
        this.connections = connections;
        this.bindingCookie = bindingCookie;
    }

    @GET
    public Uni<TemplateInstance> list(@RestPath UUID org, @RestQuery String notice, @RestQuery String q,
            @RestQuery String sort, @RestQuery String page) {
        UiPage frame = pages.page(org, "credentials");
        return render(frame, ListControls.query(q, sort, page), new CredentialForm(), FormErrors.NONE, null, null, notice);
    }

    @POST
    public Uni<Object> create(@RestPath UUID org, @BeanParam CredentialForm form) {
        UiPage page = pages.page(org, "credentials");
        CreateCredentialRequest request = "oauth".equals(form.type)
                ? new CreateCredentialRequest(trim(form.name), form.type, null, blankToNull(form.secret), blankToNull(form.resource),
                        blankToNull(form.clientId), blankToNull(form.clientSecret),
                        // typed by hand: any run of spaces separates scopes (the API takes exactly one)
                        blankToNull(form.scope == null ? null : String.join(" ", Scopes.tokens(form.scope))))
                : CreateCredentialRequest.entered(trim(form.name), form.type,
                        "header".equals(form.type) ? blankToNull(form.headerName) : null, form.secret);
        return UiForms.attempt(() -> credentials.create(org, request))
                .<Object>map(created -> seeOther(page.base() + "/credentials?notice=created"))
                .onFailure().recoverWithUni(failure -> render(page, ListControls.firstPage(), form, FormErrors.from(failure),
                        null, null, null)
                        .map(t -> (Object) t));
    }

    @POST
    @Path("/{id}/rotate")
    public Uni<Object> rotate(@RestPath UUID org, @RestPath UUID id, @RestForm String secret) {
        UiPage page = pages.page(org, "credentials");
        return UiForms.attempt(() -> credentials.rotate(org, id, new RotateCredentialRequest(secret)))
                .<Object>map(rotated -> seeOther(page.base() + "/credentials?notice=rotated"))
                .onFailure(UiCredentialsResource::isRowError)
                .recoverWithUni(failure -> rowError(page, id, failure));
    }

    /** The Connect button: starts the OAuth authorization in this browser (see {@link #start}). */
    @POST
    @Path("/{id}/connect")
    public Uni<Object> connect(@RestPath UUID org, @RestPath UUID id, @Context HttpServerRequest request) {
        return start(org, id, request);
    }

    /**
     * The API's {@code authorizationUrl}: an admin opens it in the browser signed in here. Starting
     * only binds that admin's own browser to an authorization of their own organisation's
     * credential, so it needs no CSRF token.
     */
    @GET
    @Path("/{id}/connect")
    @AdminOnly
    public Uni<Object> connectFromLink(@RestPath UUID org, @RestPath UUID id, @Context HttpServerRequest request) {
        return start(org, id, request);
    }

    /**
     * Starts the authorization, binds it to this browser with an HttpOnly cookie only the
     * callback receives, and sends the browser to the authorization server. A page opened under
     * another host name than the public base URL's (127.0.0.1 for localhost, say) is told so
     * instead: cookies belong to a host name, so the callback would arrive without its cookie.
     */
    private Uni<Object> start(UUID org, UUID id, HttpServerRequest request) {
        UiPage page = pages.page(org, "credentials");
        String host = request.authority() == null ? null : request.authority().host();
        if (host != null && !connections.callbackHostIs(host)) {
            return rowError(page, id, new ApiException(400, ErrorCodes.INVALID_REQUEST, "OAuth answers come back to "
                    + connections.redirectUri() + " (integrations.oauth.public-base-url), but this page is open at " + host
                    + ": the browser would not bring the connect's cookie there. Open the control panel at "
                    + connections.publicBaseUrl() + "/ui and connect again.", null));
        }
        String binding = ApiKeys.generate();
        return connections.connect(org, id, binding)
                .<Object>map(started -> Response.seeOther(started.authorizationUrl())
                        .cookie(bindingCookie.issue(binding, started.expiresAt())).build())
                // Not this organisation's credential (404) is an error page, not a row that is not there.
                .onFailure(failure -> failure instanceof ApiException api && api.status() != 404)
                .recoverWithUni(failure -> rowError(page, id, failure));
    }

    @POST
    @Path("/{id}/delete")
    public Uni<Object> delete(@RestPath UUID org, @RestPath UUID id) {
        UiPage page = pages.page(org, "credentials");
        return credentials.delete(org, id)
                .<Object>map(ignored -> seeOther(page.base() + "/credentials?notice=deleted"))
                .onFailure(UiCredentialsResource::isRowError)
                .recoverWithUni(failure -> rowError(page, id, failure));
    }

    /** The in-use refusal and rotation errors are shown on the credential's own row. */
    private Uni<Object> rowError(UiPage page, UUID id, Throwable failure) {
        FormErrors errors = FormErrors.from(failure);
        String message = errors.general() != null ? errors.general()
                : errors.fields().values().stream().findFirst().orElse("refused");
        if (ErrorCodes.CREDENTIAL_IN_USE.equals(errors.code())) {
            message = message + " (open each plugin, pick another credential under Edit, then delete this one).";
        }
        return render(page, ListControls.firstPage(), new CredentialForm(), FormErrors.NONE, message, id, null)
                .map(t -> (Object) t);
    }

    private static boolean isRowError(Throwable failure) {
        return !(failure instanceof ApiException api) || api.status() == 400 || api.status() == 409;
    }

    private Uni<TemplateInstance> render(UiPage page, ListQuery query, CredentialForm form, FormErrors errors,
            String rowError, UUID rowErrorId, String notice) {
        return credentials.list(page.org(), query).map(list -> UiTemplates.credentials(page, list.items(),
                ListControls.of(page.base() + "/credentials", query, SORTS, list.total(), list.items().size()), form, errors,
                rowError, rowErrorId, notice, connections.redirectUri().toString()));
    }

    private static final List<ListControls.Order> SORTS = ListControls.BY_CREATED_AND_NAME;
}
