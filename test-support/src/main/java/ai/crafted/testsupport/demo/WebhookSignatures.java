package ai.crafted.testsupport.demo;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Signs a webhook body the way WhatsApp does ({@code X-Hub-Signature-256}), for the demo and e2e tests. */
public final class WebhookSignatures {

    private WebhookSignatures() {
    }

    /** {@code sha256=<hex HMAC-SHA256 of the UTF-8 body under the app secret>}. */
    public static String sign(String body, String appSecret) {
        return sign(body.getBytes(StandardCharsets.UTF_8), appSecret);
    }

    /** The signature of exactly these bytes (a body that need not be valid UTF-8). */
    public static String sign(byte[] body, String appSecret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(appSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A minimal WhatsApp Cloud API delivery with one text message, sent now (inside the 24-hour window). */
    public static String textDelivery(String phoneNumberId, String from, String messageId, String text) {
        return "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"1\",\"changes\":[{\"field\":\"messages\","
                + "\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{\"phone_number_id\":\"" + phoneNumberId + "\"},"
                + "\"messages\":[{\"from\":\"" + from + "\",\"id\":\"" + messageId + "\",\"timestamp\":\"" + java.time.Instant.now().getEpochSecond() + "\","
                + "\"type\":\"text\",\"text\":{\"body\":\"" + text.replace("\"", "\\\"") + "\"}}]}}]}]}";
    }
}
