package ai.crafted.integrations.credential;

/** The states of an OAuth credential's grant ({@code credentials.oauth_status}). */
public final class OAuthStatus {

    /** Created; connect has not completed yet, so there is no token. */
    public static final String PENDING = "pending";
    /** Holds an access token, refreshed before it expires. */
    public static final String CONNECTED = "connected";
    /** The authorization server refused a refresh (revoked or expired grant): an admin must connect again. */
    public static final String RECONNECT_NEEDED = "reconnect_needed";

    private OAuthStatus() {
    }
}
