package ai.crafted.mcp.transport;

/**
 * Text an MCP server chose, made safe to put into our own messages (errors shown in the control
 * panel, tool errors read by the model): control characters and invisible format characters
 * (bidirectional overrides, zero-width marks) become {@code \\uXXXX} escapes so they cannot
 * reorder or hide what surrounds them, and long text is cut. Redact secrets before calling this:
 * a cut can leave part of a secret that redaction no longer recognises.
 */
final class ServerText {

    private ServerText() {
    }

    /** The text with control and format characters escaped, cut to {@code max} characters (then "…"). */
    static String clean(String text, int max) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), max) + 8);
        int i = 0;
        for (; i < text.length() && out.length() < max; i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        boolean cut = i < text.length() || out.length() > max;
        return cut ? out.substring(0, Math.min(out.length(), max)) + "…" : out.toString();
    }

    /** {@link #clean} in double quotes, with the quotes and backslashes inside escaped. */
    static String quote(String text, int max) {
        return "\"" + clean(text.replace("\\", "\\\\").replace("\"", "\\\""), max) + "\"";
    }
}
