package ai.crafted.integrations.error;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Checks an {@code application/x-www-form-urlencoded} body (WHATWG URL standard, "application/
 * x-www-form-urlencoded parsing") before any parser sees it: every {@code %} starts two hex
 * digits, the decoded bytes are UTF-8, there are at most {@code maxFields} fields and no value is
 * longer than {@code maxFieldChars} characters.
 */
final class FormBodyCheck {

    private FormBodyCheck() {
    }

    /**
     * Null when the body is a well-formed form within the limits; otherwise what is wrong (a
     * sentence for the user; one about a field's length starts with "a field").
     *
     * @param raw the body's bytes as ISO-8859-1 characters (one character per byte)
     */
    static String problem(String raw, int maxFields, int maxFieldChars) {
        int fields = 0;
        for (String pair : raw.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            if (++fields > maxFields) {
                return "the form has more than " + maxFields + " fields";
            }
            for (String part : pair.split("=", 2)) {
                String decoded = decode(part);
                if (decoded == null) {
                    return "the form is malformed: bad percent-encoding or not UTF-8";
                }
                if (decoded.length() > maxFieldChars) {
                    return "a field of the form is longer than " + maxFieldChars + " characters";
                }
            }
        }
        return null;
    }

    /** The percent-decoded text ('+' is a space), or null when the encoding or the UTF-8 is broken. */
    private static String decode(String encoded) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%') {
                if (i + 2 >= encoded.length() || Character.digit(encoded.charAt(i + 1), 16) < 0
                        || Character.digit(encoded.charAt(i + 2), 16) < 0) {
                    return null;
                }
                bytes.write(Character.digit(encoded.charAt(i + 1), 16) * 16 + Character.digit(encoded.charAt(i + 2), 16));
                i += 2;
            } else {
                bytes.write(c == '+' ? ' ' : c);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
