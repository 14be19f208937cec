package ai.crafted.integrations.auth;

import java.time.Instant;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;

import jakarta.enterprise.context.RequestScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.identity.SecurityIdentity;

import ai.crafted.integrations.error.ApiException;
import ai.crafted.integrations.error.ErrorCodes;
import ai.crafted.http.CanonicalUuid;

/**
 * Decides whether the caller may act on an organisation. Membership comes from the token's
 * {@value #ORGS_CLAIM} claim, an object mapping organisation ids to "admin" or "viewer"; the
 * {@code X-Org-Id} header must name the same organisation as the path, so a token for several
 * organisations is always used for one explicitly.
 */
@RequestScoped
public class OrganizationAccess {

    public static final String ORGS_CLAIM = "crafted_orgs";
    /** The header naming the organisation a JSON API request acts for ({@link TenancyFilter} checks it). */
    public static final String ORG_HEADER = "X-Org-Id";

    /** The identity attribute naming the OIDC tenant that authenticated it (quarkus-oidc's {@code tenant-id}). */
    static final String TENANT_ID_ATTRIBUTE = "tenant-id";
    /** quarkus-oidc's id of the default tenant: the API's bearer tokens. */
    static final String API_TENANT = "Default";

    private final JsonWebToken token;
    private final SecurityIdentity identity;

    public OrganizationAccess(JsonWebToken token, SecurityIdentity identity) {
        this.token = token;
        this.identity = identity;
    }

    public String subject() {
        return token.getSubject();
    }

    /**
     * For the web UI, where the organisation comes only from the path (there is no header to
     * state it twice): the caller's role there, or 403 when it has none or too little.
     */
    public OrganizationRole requireRole(UUID organizationId, OrganizationRole needed) {
        return checkRole(organizationId, needed, "you are not a member of this organisation");
    }

    /** The caller's role in an organisation, or null when it has none. */
    public OrganizationRole roleIn(UUID organizationId) {
        return memberships().get(organizationId);
    }

    /**
     * Every organisation the token grants, with the role; ordered by id for a stable menu. Keys
     * are read as UUIDs in either case (an identity provider may write them upper-case); when two
     * keys name one organisation with different roles, the lesser one holds.
     */
    public SortedMap<UUID, OrganizationRole> memberships() {
        SortedMap<UUID, OrganizationRole> result = new TreeMap<>();
        for (Map.Entry<?, ?> entry : claim().entrySet()) {
            OrganizationRole role = OrganizationRole.fromClaim(entry.getValue());
            UUID id = parseId(String.valueOf(entry.getKey()));
            if (role != null && id != null) {
                result.merge(id, role, (one, other) -> one.allows(other) ? other : one);
            }
        }
        return result;
    }

    /**
     * A value that changes with every sign-in (the token's issue time and unique id), for binding
     * the UI's CSRF tokens to the session.
     */
    public String sessionMarker() {
        return token.getSubject() + "|" + token.getIssuedAtTime() + "|" + token.getTokenID();
    }

    /** When the signed-in token expires (its {@code exp}). */
    public Instant sessionExpiresAt() {
        return Instant.ofEpochSecond(token.getExpirationTime());
    }

    /**
     * Whether this request's identity is the JSON API's bearer token (OIDC default tenant),
     * rather than the web UI's session (the {@code ui} tenant).
     */
    public boolean isApiBearerToken() {
        Object tenant = identity.getAttribute(TENANT_ID_ATTRIBUTE);
        return tenant == null || API_TENANT.equals(tenant);
    }

    private static UUID parseId(String text) {
        return CanonicalUuid.parse(text).orElse(null);
    }

    /**
     * For the JSON API: {@code X-Org-Id} must name the path's organisation and the token must
     * grant {@code needed} there; otherwise 403 {@code forbidden}.
     */
    public void require(UUID organizationId, String orgHeader, OrganizationRole needed) {
        if (orgHeader == null || orgHeader.isBlank()) {
            throw forbidden("the X-Org-Id header is required");
        }
        if (!orgHeader.trim().equalsIgnoreCase(organizationId.toString())) {
            throw forbidden("X-Org-Id does not match the organisation in the path");
        }
        checkRole(organizationId, needed, "the token does not grant access to this organisation");
    }

    private OrganizationRole checkRole(UUID organizationId, OrganizationRole needed, String notMember) {
        OrganizationRole role = roleIn(organizationId);
        if (role == null) {
            throw forbidden(notMember);
        }
        if (!role.allows(needed)) {
            throw forbidden("this action needs the admin role in the organisation");
        }
        return role;
    }

    /** The organisations claim: a JSON object (jakarta.json's JsonObject is a Map) or nothing. */
    private Map<?, ?> claim() {
        return token.getClaim(ORGS_CLAIM) instanceof Map<?, ?> map ? map : Map.of();
    }

    static ApiException forbidden(String message) {
        return new ApiException(403, ErrorCodes.FORBIDDEN, message, null);
    }
}
