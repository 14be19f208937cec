package ai.crafted.whatsapp.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies {@code X-Hub-Signature-256: sha256=<hex>}: HMAC-SHA256 of the raw request bytes with
 * the app secret, compared in constant time. It must be the raw bytes: re-serialised JSON (with
 * its own escaping) would not match.
 */
public final class SignatureCheck {

    private SignatureCheck() {
    }

    public static boolean valid(byte[] rawBody, String header, String appSecret) {
        if (header == null || !header.startsWith("sha256=") || appSecret == null) {
            return false;
        }
        byte[] presented;
        try {
            presented = HexFormat.of().parseHex(header.substring("sha256=".length()).trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(hmac(rawBody, appSecret), presented);
    }

    private static byte[] hmac(byte[] body, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
