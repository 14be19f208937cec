package ai.crafted.integrations.ui;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.NewCookie;

import ai.crafted.events.EventJson;
import ai.crafted.events.SealedSecret;
import ai.crafted.integrations.config.IntegrationsConfig;
import ai.crafted.integrations.credential.CredentialKeyrings;

/**
 * Carries a just-created API key from the POST that made it to the one page that shows it
 * (POST-redirect-GET: a reload or Back/Forward never creates a second key, and the key never
 * travels in a URL). The value is the key sealed with AES-256-GCM by the at-rest keyring, bound
 * to the organisation, the key's id and the signed-in session (associated data), so the cookie
 * is useless anywhere else; HttpOnly, SameSite Strict, sent only to the organisation's API-keys
 * page, gone after {@value #MAX_AGE_SECONDS} s or at the first page that shows it. The time it was
 * sealed is sealed with the key, so a copy of the cookie replayed later shows nothing (the
 * browser's Max-Age alone would not stop a replay), and the page never shows a revoked key.
 */
@ApplicationScoped
public class NewApiKeyCookie {

    /** The cookie's name. */
    public static final String NAME = "crafted_new_key";
    /** Long enough for a slow redirect, short enough that a forgotten cookie dies soon. */
    static final int MAX_AGE_SECONDS = 120;

    private final CredentialKeyrings keyrings;
    private final boolean secure;

    public NewApiKeyCookie(CredentialKeyrings keyrings, IntegrationsConfig config) {
        this.keyrings = keyrings;
        this.secure = config.oauth().publicBaseUrl().startsWith("https://");
    }

    /** The cookie holding {@code key} (the secret) of key {@code keyId} for the session {@code sessionMarker}. */
    public NewCookie issue(UUID org, UUID keyId, String key, String sessionMarker) {
        String sealed = EventJson.write(keyrings.sealAtRest(Instant.now().getEpochSecond() + "|" + key,
                associatedData(org, keyId, sessionMarker)));
        return cookie(org, Base64.getUrlEncoder().withoutPadding().encodeToString(sealed.getBytes(StandardCharsets.UTF_8)),
                MAX_AGE_SECONDS);
    }

    /** The key the cookie holds, when it is this organisation's key {@code keyId} sealed for this session. */
    public Optional<String> open(String value, UUID org, UUID keyId, String sessionMarker) {
        if (value == null || value.isEmpty() || keyId == null) {
            return Optional.empty();
        }
        try {
            String json = new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8);
            SealedSecret sealed = EventJson.read(json, SealedSecret.class);
            String opened = keyrings.openAtRest(sealed, associatedData(org, keyId, sessionMarker));
            int bar = opened.indexOf('|');
            long age = Instant.now().getEpochSecond() - Long.parseLong(opened.substring(0, bar));
            return age >= 0 && age <= MAX_AGE_SECONDS ? Optional.of(opened.substring(bar + 1)) : Optional.empty();
        } catch (RuntimeException unreadable) {
            // Forged, from another session or key, or cut: nothing to show.
            return Optional.empty();
        }
    }

    /** The cookie's removal: the key is shown once. */
    public NewCookie clear(UUID org) {
        return cookie(org, "", 0);
    }

    /** What the seal is bound to: the organisation, the key and the sign-in session. */
    static String associatedData(UUID org, UUID keyId, String sessionMarker) {
        return "ui-new-api-key|" + org + "|" + keyId + "|" + sessionMarker;
    }

    private NewCookie cookie(UUID org, String value, int maxAgeSeconds) {
        return new NewCookie.Builder(NAME).value(value).path("/ui/orgs/" + org + "/api-keys").httpOnly(true).secure(secure)
                .sameSite(NewCookie.SameSite.STRICT).maxAge(maxAgeSeconds).build();
    }
}
