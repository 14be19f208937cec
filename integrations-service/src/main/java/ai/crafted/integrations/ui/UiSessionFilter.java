package ai.crafted.integrations.ui;

import java.net.URI;

import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

import ai.crafted.integrations.auth.OrganizationAccess;

/**
 * Refuses UI requests of a session that signed out (see {@link UiSessions}): they are sent to
 * {@code /ui/logout}, which clears the cookie and ends the provider's session, and then to sign in.
 */
public class UiSessionFilter {

    private final UiSessions sessions;
    private final OrganizationAccess access;
    private final SecurityIdentity identity;

    private final UiSignedOutChanges signedOutChanges;

    public UiSessionFilter(UiSessions sessions, OrganizationAccess access, SecurityIdentity identity,
            UiSignedOutChanges signedOutChanges) {
        this.signedOutChanges = signedOutChanges;
        this.sessions = sessions;
        this.access = access;
        this.identity = identity;
    }

    /** A signed-out session's page views go to sign in again; its changes get a page saying they were not saved. */
    @ServerRequestFilter
    public Uni<Response> refuseSignedOut(UriInfo uri, Request request) {
        if (!UiErrorPages.isUi(uri) || identity.isAnonymous()) {
            return Uni.createFrom().nullItem();
        }
        boolean change = "POST".equals(request.getMethod()) && !uri.getPath().equals("/ui/sign-out");
        return sessions.isSignedOut(access.sessionMarker()).map(signedOut -> !signedOut ? null
                : change ? signedOutChanges.signedOutPage() : Response.seeOther(URI.create("/ui/logout")).build());
    }
}
