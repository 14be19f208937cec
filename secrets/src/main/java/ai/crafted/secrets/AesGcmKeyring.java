package ai.crafted.secrets;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import ai.crafted.events.SealedSecret;

/**
 * AES-256-GCM with named keys, so keys can be rotated: new secrets are sealed with the active
 * key, older ones still open with the key named in their {@link SealedSecret}. The associated
 * data binds a ciphertext to its record (e.g. organisation and credential id), so a ciphertext
 * copied to another row does not decrypt.
 *
 * <p>Spec format: {@code "<id>:<base64 32-byte key>[,<id>:<key>...]"}.
 */
public final class AesGcmKeyring {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, SecretKeySpec> keys;
    private final String activeKeyId;

    private AesGcmKeyring(Map<String, SecretKeySpec> keys, String activeKeyId) {
        this.keys = keys;
        this.activeKeyId = activeKeyId;
    }

    public static AesGcmKeyring parse(String spec, String activeKeyId) {
        Map<String, SecretKeySpec> keys = new LinkedHashMap<>();
        for (String entry : spec.split(",")) {
            String[] pair = entry.trim().split(":", 2);
            if (pair.length != 2 || pair[0].isBlank()) {
                throw new IllegalArgumentException("keyring entries must look like <id>:<base64 key>");
            }
            byte[] key = Base64.getDecoder().decode(pair[1].trim());
            if (key.length != 32) {
                throw new IllegalArgumentException("key " + pair[0] + " must be 32 bytes (AES-256), is " + key.length);
            }
            keys.put(pair[0].trim(), new SecretKeySpec(key, "AES"));
        }
        if (!keys.containsKey(activeKeyId)) {
            throw new IllegalArgumentException("the active key id " + activeKeyId + " is not in the keyring");
        }
        return new AesGcmKeyring(Map.copyOf(keys), activeKeyId);
    }

    public String activeKeyId() {
        return activeKeyId;
    }

    public SealedSecret seal(String plaintext, String associatedData) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        byte[] sealed = run(Cipher.ENCRYPT_MODE, keys.get(activeKeyId), nonce, associatedData,
                plaintext.getBytes(StandardCharsets.UTF_8));
        Base64.Encoder b64 = Base64.getEncoder();
        return new SealedSecret(activeKeyId, b64.encodeToString(nonce), b64.encodeToString(sealed));
    }

    public String open(SealedSecret sealed, String associatedData) {
        SecretKeySpec key = keys.get(sealed.keyId());
        if (key == null) {
            throw new IllegalStateException("no key " + sealed.keyId() + " in the keyring: it was rotated out too early");
        }
        Base64.Decoder b64 = Base64.getDecoder();
        byte[] plain = run(Cipher.DECRYPT_MODE, key, b64.decode(sealed.nonce()), associatedData,
                b64.decode(sealed.ciphertext()));
        return new String(plain, StandardCharsets.UTF_8);
    }

    /** A keyed, non-reversible short tag of a secret, for showing which secret is stored. */
    public String fingerprint(String plaintext) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(keys.get(activeKeyId).getEncoded(), "HmacSHA256"));
            byte[] tagKey = mac.doFinal("credential-fingerprint".getBytes(StandardCharsets.UTF_8));
            mac.init(new SecretKeySpec(tagKey, "HmacSHA256"));
            byte[] digest = mac.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder();
            for (int i = 0; i < 6; i++) {
                hex.append(String.format("%02x", digest[i]));
            }
            return hex.toString();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static byte[] run(int mode, SecretKeySpec key, byte[] nonce, String associatedData, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("secret could not be " + (mode == Cipher.ENCRYPT_MODE ? "sealed" : "opened")
                    + " (wrong key or tampered data)", e);
        }
    }
}
