package ai.crafted.integrations.auth;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import ai.crafted.http.CanonicalUuid;

/**
 * The one place tenancy is enforced, for every matched route whose path names an organisation,
 * so a new route cannot forget it:
 * <ul>
 * <li>JSON API, {@code /organizations/{organizationId}/…}: a valid bearer token of the API's own
 * OIDC tenant in the {@code Authorization} header, never the UI's session cookie (401
 * {@code unauthenticated}), {@code X-Org-Id} equal to the path's organisation and granted by the
 * token's {@code crafted_orgs} claim (403 {@code forbidden}), and the admin role for anything but
 * reads (GET, HEAD, OPTIONS) and for reads marked {@link AdminOnly}; {@code X-Org-Id} sent more
 * than once is refused (403);</li>
 * <li>web UI, {@code /ui/orgs/{org}/…}: the signed-in user's membership of that organisation, admin
 * for anything but reads (there is no header: the organisation is named once, in the path).</li>
 * </ul>
 * It runs after the route is matched and before the request body is read, so a refused request
 * changes nothing. {@code TenancyDeclaredOnceTest} enumerates every route of the OpenAPI document
 * against it.
 */
public class TenancyFilter {

    /** The path parameter naming the organisation in the JSON API. */
    public static final String API_ORGANIZATION = "organizationId";
    /** The path parameter naming the organisation in the web UI. */
    public static final String UI_ORGANIZATION = "org";

    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

    private final OrganizationAccess access;
    private final SecurityIdentity identity;

    public TenancyFilter(OrganizationAccess access, SecurityIdentity identity) {
        this.access = access;
        this.identity = identity;
    }

    @ServerRequestFilter
    public void enforce(UriInfo uri, HttpServerRequest request, ResourceInfo resource) {
        String path = uri.getPath();
        boolean adminOnly = resource.getResourceMethod() != null
                && resource.getResourceMethod().isAnnotationPresent(AdminOnly.class);
        OrganizationRole needed = READS.contains(request.method().name()) && !adminOnly
                ? OrganizationRole.VIEWER : OrganizationRole.ADMIN;
        if (path.startsWith("/organizations/")) {
            // Bearer tokens only: the web UI's session cookie must never authenticate the JSON API
            // (the API relies on browsers not attaching bearer tokens by themselves; no CSRF token).
            requireApiBearerToken(request);
            List<String> orgHeaders = request.headers().getAll(OrganizationAccess.ORG_HEADER);
            if (orgHeaders.size() > 1) {
                // Proxies and frameworks disagree on which of several values wins: refuse them all.
                throw OrganizationAccess.forbidden("send the X-Org-Id header once");
            }
            access.require(organization(uri, API_ORGANIZATION), request.getHeader(OrganizationAccess.ORG_HEADER), needed);
        } else if (path.startsWith("/ui/orgs/")) {
            access.requireRole(organization(uri, UI_ORGANIZATION), needed);
        }
    }

    /**
     * OPTIONS on the JSON API is answered by the framework without a resource method, so the
     * filter above never sees it: it would tell anonymous callers which routes exist. It needs a
     * bearer token of the API like every other method (401 otherwise).
     */
    @ServerRequestFilter(preMatching = true)
    public void authenticateOptions(HttpServerRequest request) {
        if (request.method().name().equals("OPTIONS") && request.path().startsWith("/organizations")) {
            requireApiBearerToken(request);
        }
    }

    /** 401 unless the request authenticated with a bearer token of the API's own OIDC tenant. */
    private void requireApiBearerToken(HttpServerRequest request) {
        String authorization = request.getHeader("Authorization");
        boolean bearer = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7);
        if (identity.isAnonymous() || !bearer || !access.isApiBearerToken()) {
            throw new UnauthorizedException();
        }
    }

    private static UUID organization(UriInfo uri, String parameter) {
        // A route under an organisation path without a canonical organisation id is refused, never served.
        return CanonicalUuid.parse(uri.getPathParameters().getFirst(parameter))
                .orElseThrow(() -> OrganizationAccess.forbidden("the path does not name an organisation"));
    }
}
