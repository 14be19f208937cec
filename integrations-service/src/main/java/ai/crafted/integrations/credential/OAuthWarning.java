package ai.crafted.integrations.credential;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * What an admin should do about an OAuth credential that still works: an MCP server asked for
 * more scope than the grant holds (a step-up, see {@code credential-step-up-requested}), or the
 * refresh token itself expires within the warning window ({@code integrations.oauth.refresh-token-warning}),
 * after which no refresh works and tools stop. Null when there is nothing to do.
 */
public final class OAuthWarning {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private OAuthWarning() {
    }

    /**
     * @param window how long before the refresh token's expiry the warning starts
     * @return one sentence (two joined by "; "), or null
     */
    public static String of(CredentialEntity c, Duration window, Instant now) {
        if (!c.isOAuth() || !OAuthStatus.CONNECTED.equals(c.oauthStatus)) {
            return null; // pending and reconnect_needed say more than a warning would
        }
        String stepUp = c.oauthStepUpScope == null ? null
                : "an MCP server needs more access (scope \"" + c.oauthStepUpScope + "\"): reconnect to grant it";
        String expiry = c.oauthRefreshTokenExpiresAt == null || c.oauthRefreshTokenExpiresAt.isAfter(now.plus(window)) ? null
                : "the authorization ends " + WHEN.format(c.oauthRefreshTokenExpiresAt.truncatedTo(ChronoUnit.MINUTES))
                        + " (its refresh token expires): reconnect before then";
        if (stepUp != null && expiry != null) {
            return stepUp + "; " + expiry;
        }
        return stepUp != null ? stepUp : expiry;
    }
}
