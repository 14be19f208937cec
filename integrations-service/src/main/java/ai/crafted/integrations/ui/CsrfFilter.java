package ai.crafted.integrations.ui;

import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.WithFormRead;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveContainerRequestContext;

import ai.crafted.integrations.auth.OrganizationAccess;
import ai.crafted.integrations.error.ErrorCodes;

/**
 * Refuses every state-changing UI request whose form does not carry this session's CSRF token.
 * Only the UI needs it: the JSON API authenticates with bearer tokens, which a browser never
 * attaches on its own, so a forged cross-site request cannot ride on them.
 */
public class CsrfFilter {

    private final CsrfTokens tokens;
    private final OrganizationAccess access;
    private final UiErrorPages errors;

    public CsrfFilter(CsrfTokens tokens, OrganizationAccess access, UiErrorPages errors) {
        this.tokens = tokens;
        this.access = access;
        this.errors = errors;
    }

    @ServerRequestFilter
    @WithFormRead
    public Response verify(ResteasyReactiveContainerRequestContext context) {
        String method = context.getMethod();
        if (method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS")) {
            return null;
        }
        if (!UiErrorPages.isUi(context.getUriInfo())) {
            return null;
        }
        var request = (ResteasyReactiveRequestContext) context.getServerRequestContext();
        Object presented = request.getFormParameter(CsrfTokens.FORM_FIELD, true, false);
        if (presented instanceof String token && tokens.matches(access.sessionMarker(), token)) {
            return null;
        }
        return errors.page(403, ErrorCodes.CSRF_TOKEN_INVALID,
                "This form did not come from this page or your session changed since it was shown."
                        + " Reload the page and submit it again.");
    }
}
