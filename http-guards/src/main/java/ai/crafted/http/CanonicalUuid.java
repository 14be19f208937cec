package ai.crafted.http;

import java.util.Optional;
import java.util.UUID;

/**
 * Reads an id the way the API writes it: the 36-character form of RFC 9562 section 4
 * ({@code 8-4-4-4-12} hexadecimal digits, ASCII only, either case). {@link UUID#fromString}
 * is far more lenient: it takes {@code 1-2-3-4-5}, fields with extra leading zeros, a sign,
 * and any Unicode digit ({@code Character.digit} reads fullwidth and Arabic-Indic digits), so
 * one resource would answer under many URLs and ids that are not ids would reach the store.
 */
public final class CanonicalUuid {

    private static final int LENGTH = 36;

    private CanonicalUuid() {
    }

    /**
     * @param text the id as the client sent it (a path segment, a header, a JSON string); may be null
     * @return the UUID when {@code text} is exactly a canonical UUID, else empty (never throws)
     */
    public static Optional<UUID> parse(String text) {
        if (text == null || text.length() != LENGTH) {
            return Optional.empty();
        }
        for (int i = 0; i < LENGTH; i++) {
            char c = text.charAt(i);
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash ? c != '-' : !isHexDigit(c)) {
                return Optional.empty();
            }
        }
        return Optional.of(UUID.fromString(text));
    }

    /** True when {@code text} is exactly a canonical UUID (see {@link #parse}). */
    public static boolean is(String text) {
        return parse(text).isPresent();
    }

    private static boolean isHexDigit(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
