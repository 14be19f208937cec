package ai.crafted.integrations.oauth;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.NewCookie;

import ai.crafted.integrations.config.IntegrationsConfig;

/**
 * The cookie binding a started authorization to the browser that started it: HttpOnly, sent only
 * to the redirect URI ({@value OAuthResource#CALLBACK_PATH}), SameSite Lax (the authorization
 * server's redirect back is a top-level GET), Secure when the public base URL is https.
 */
@ApplicationScoped
public class OAuthBindingCookie {

    /** The cookie's name. */
    public static final String NAME = "crafted_oauth";

    private final boolean secure;

    public OAuthBindingCookie(IntegrationsConfig config) {
        this.secure = config.oauth().publicBaseUrl().startsWith("https://");
    }

    /** The cookie holding {@code binding} until the started authorization expires at {@code expiresAt}. */
    public NewCookie issue(String binding, Instant expiresAt) {
        return cookie(binding, (int) Math.max(0, Duration.between(Instant.now(), expiresAt).toSeconds()));
    }

    /** The cookie's removal, sent with the callback's answer (the binding is single use). */
    public NewCookie clear() {
        return cookie("", 0);
    }

    private NewCookie cookie(String value, int maxAgeSeconds) {
        return new NewCookie.Builder(NAME).value(value).path(OAuthResource.CALLBACK_PATH).httpOnly(true).secure(secure)
                .sameSite(NewCookie.SameSite.LAX).maxAge(maxAgeSeconds).build();
    }
}
