package ai.crafted.integrations.ui;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

import ai.crafted.integrations.config.IntegrationsConfig;

/**
 * Synchronizer tokens for the UI's forms, derived with HMAC-SHA256 from the server's key and the
 * sign-in session (OWASP's "HMAC based token" pattern): nothing to store, the same for every form
 * of one session, different after every sign-in, and impossible to compute for another site,
 * which can neither read our pages nor the key.
 */
@ApplicationScoped
public class CsrfTokens {

    public static final String FORM_FIELD = "_csrf";

    private final SecretKeySpec key;

    public CsrfTokens(IntegrationsConfig config) {
        byte[] bytes = Base64.getDecoder().decode(config.ui().csrfKey());
        if (bytes.length < 32) {
            throw new IllegalStateException("integrations.ui.csrf-key must be at least 32 bytes (base64)");
        }
        this.key = new SecretKeySpec(bytes, "HmacSHA256");
    }

    public String tokenFor(String sessionMarker) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] digest = mac.doFinal(("csrf|" + sessionMarker).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean matches(String sessionMarker, String presented) {
        if (presented == null || presented.isEmpty()) {
            return false;
        }
        return MessageDigest.isEqual(tokenFor(sessionMarker).getBytes(StandardCharsets.US_ASCII),
                presented.getBytes(StandardCharsets.US_ASCII));
    }
}
