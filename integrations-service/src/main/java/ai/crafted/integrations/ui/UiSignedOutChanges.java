package ai.crafted.integrations.ui;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import ai.crafted.integrations.error.ErrorCodes;

/**
 * A change posted without a signed-in session (the user signed out in another tab, or the
 * session expired while the form was open) is answered with a page that says the change was not
 * saved (401), not with the sign-in redirect: that redirect comes back as a GET of the page and
 * the change would be silently lost. Runs before authentication, on the UI's POSTs only; a
 * session signed out on the server is answered the same way by {@link UiSessionFilter}.
 */
@ApplicationScoped
public class UiSignedOutChanges {

    /** Quarkus OIDC's session cookie of the {@code ui} tenant ({@code q_session_ui}, chunked as {@code q_session_ui_chunk_N}). */
    static final String SESSION_COOKIE = "q_session_ui";

    static final String MESSAGE = "Your session has ended (you signed out, perhaps in another tab), so this change was"
            + " not saved. Sign in again, then make the change once more.";

    private final UiErrorPages pages;
    /** Whether the UI's OIDC tenant takes bearer tokens ({@code application-type=service}) instead of a session cookie. */
    private final boolean bearerSessions;

    public UiSignedOutChanges(UiErrorPages pages,
            @ConfigProperty(name = "quarkus.oidc.ui.application-type", defaultValue = "web-app") String uiApplicationType) {
        this.pages = pages;
        this.bearerSessions = "service".equals(uiApplicationType.trim());
    }

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 2).method(HttpMethod.POST).pathRegex("/ui/orgs/.*").handler(this::refuseWithoutSession);
    }

    private void refuseWithoutSession(RoutingContext context) {
        // Where the UI tenant takes bearer tokens (a service tenant), the token is the session; a
        // browser's web-app tenant knows only its cookie, so there a bearer header proves nothing.
        boolean session = context.request().cookies().stream().map(Cookie::getName).anyMatch(n -> n.startsWith(SESSION_COOKIE))
                || bearerSessions && context.request().getHeader("Authorization") != null;
        if (session) {
            context.next();
            return;
        }
        Response page = signedOutPage();
        context.response().setStatusCode(page.getStatus()).putHeader("Content-Type", String.valueOf(page.getMediaType()))
                .end(String.valueOf(page.getEntity()));
    }

    /** The page a change gets when its session has ended. */
    Response signedOutPage() {
        return pages.page(401, ErrorCodes.UNAUTHENTICATED, MESSAGE);
    }
}
