package ai.crafted.events;

/**
 * A secret encrypted with AES-256-GCM: the id of the key that sealed it, the 96-bit nonce and
 * the ciphertext with its tag, both base64. Safe to store or publish; useless without the key.
 */
public record SealedSecret(String keyId, String nonce, String ciphertext) {
}
