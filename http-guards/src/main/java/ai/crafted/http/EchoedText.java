package ai.crafted.http;

/**
 * Client-supplied text made safe to repeat in an error message or a log line: a path, a field
 * name, a value the client sent. Characters that would change how the message reads or breaks
 * (controls such as NUL and newlines, format characters such as the bidirectional overrides
 * U+202E and U+2066, lone surrogates, private-use and unassigned code points, noncharacters
 * such as U+FFFF) are written as {@code \\uXXXX} escapes, and the text is cut to a bound with an
 * ellipsis, so an error can neither reorder what a reader sees nor grow without limit.
 * Categories are Unicode's General_Category as {@link Character#getType} reports them.
 */
public final class EchoedText {

    /** The default bound, in characters, before the ellipsis. */
    public static final int DEFAULT_LIMIT = 200;

    /** The bound for a whole error message (each service's one error writer uses it). */
    public static final int MESSAGE_LIMIT = 2000;

    private EchoedText() {
    }

    /** {@link #of(String, int)} with {@link #DEFAULT_LIMIT}. */
    public static String of(String text) {
        return of(text, DEFAULT_LIMIT);
    }

    /**
     * @param text  what the client sent; null is written as {@code null}
     * @param limit the most characters (UTF-16 units) of output before the ellipsis, at least 12 so
     *              that one escaped supplementary code point fits; an escape counts at its written
     *              length, so the result is at most {@code limit + 1} characters whatever the input
     * @return printable text: every kept character is visible or a plain space, the rest escaped;
     *         {@code …} appended when the text was cut
     */
    public static String of(String text, int limit) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), limit) + 1);
        int i = 0;
        while (i < text.length()) {
            int codePoint = text.codePointAt(i);
            String piece = printable(codePoint) ? new String(Character.toChars(codePoint)) : escaped(codePoint);
            if (out.length() + piece.length() > limit) {
                return out.append('…').toString();
            }
            out.append(piece);
            i += Character.charCount(codePoint);
        }
        return out.toString();
    }

    /** {@code \\uXXXX} per UTF-16 unit: a lone surrogate is one unit, a valid pair two. */
    private static String escaped(int codePoint) {
        StringBuilder escape = new StringBuilder(12);
        for (char c : Character.toChars(codePoint)) {
            escape.append(String.format("\\u%04X", (int) c));
        }
        return escape.toString();
    }

    /** True when the code point may appear as it is in a message (see the class comment). */
    static boolean printable(int codePoint) {
        if (codePoint == ' ') {
            return true;
        }
        if ((codePoint & 0xFFFE) == 0xFFFE || (codePoint >= 0xFDD0 && codePoint <= 0xFDEF)) {
            return false; // noncharacters (Unicode 15, section 23.7)
        }
        return switch (Character.getType(codePoint)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED,
                    Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR, Character.SPACE_SEPARATOR -> false;
            default -> true;
        };
    }
}
