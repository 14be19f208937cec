package ai.crafted.integrations.ui;

import java.net.URI;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

import ai.crafted.integrations.auth.OrganizationAccess;

/**
 * {@code POST /ui/sign-out} (with the CSRF token, like every UI form): ends the session on the
 * server, then hands over to {@code /ui/logout}, where the OIDC extension clears the cookie and
 * ends the provider's session.
 */
@Path("/ui/sign-out")
@Authenticated
public class UiSignOutResource {

    private final UiSessions sessions;
    private final OrganizationAccess access;

    public UiSignOutResource(UiSessions sessions, OrganizationAccess access) {
        this.sessions = sessions;
        this.access = access;
    }

    @POST
    public Uni<Response> signOut() {
        return sessions.signOut(access.sessionMarker(), access.sessionExpiresAt())
                .map(ignored -> Response.seeOther(URI.create("/ui/logout")).build());
    }
}
