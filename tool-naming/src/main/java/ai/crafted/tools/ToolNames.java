package ai.crafted.tools;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The function name the model sees for an MCP tool: {@code <slug>__<tool>} when that satisfies
 * the model APIs' rule {@code ^[a-zA-Z0-9_-]{1,64}$}; otherwise the invalid characters become
 * "_", the name is cut to fit, and an 8-hex-digit hash of the original is appended, so the name
 * is deterministic and two different tools do not end up with the same one. Shared by the gateway
 * (which injects the names) and the control panel (which shows them).
 */
public final class ToolNames {

    public static final int MAX_LENGTH = 64;
    private static final Pattern VALID = Pattern.compile("^[a-zA-Z0-9_-]{1,64}$");

    private ToolNames() {
    }

    public static String exposedName(String slug, String toolName) {
        String plain = slug + "__" + toolName;
        if (VALID.matcher(plain).matches()) {
            return plain;
        }
        return hashed(plain, plain);
    }

    /** A second, different name for the rare case where {@link #exposedName} collides. */
    public static String alternative(String slug, String toolName, int attempt) {
        String plain = slug + "__" + toolName;
        return hashed(plain, plain + "#" + attempt);
    }

    private static String hashed(String plain, String hashInput) {
        String hash = sha256(hashInput).substring(0, 8);
        String sanitized = plain.replaceAll("[^a-zA-Z0-9_-]", "_");
        int room = MAX_LENGTH - hash.length() - 1;
        if (sanitized.length() > room) {
            sanitized = sanitized.substring(0, room);
        }
        return sanitized + "_" + hash;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
