package ai.crafted.gateway.approval;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

import org.erdtman.jcs.JsonCanonicalizer;

/**
 * The SHA-256 an approval binds a call's arguments by: hex of the SHA-256 of the arguments' RFC
 * 8785 (JSON Canonicalization Scheme) form, so the same arguments written with other spacing or
 * key order hash the same, and any changed value, added or removed key hashes differently.
 */
public final class CanonicalArguments {

    private CanonicalArguments() {
    }

    /**
     * @param argumentsJson the call's {@code function.arguments} text
     * @return the hex SHA-256, or empty when the text is not one JSON object (such a call is never
     *         run: the executor answers it as bad arguments without calling the server)
     */
    public static Optional<String> sha256(String argumentsJson) {
        if (argumentsJson == null || !argumentsJson.strip().startsWith("{")) {
            return Optional.empty();
        }
        try {
            byte[] canonical = new JsonCanonicalizer(argumentsJson).getEncodedUTF8();
            return Optional.of(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
