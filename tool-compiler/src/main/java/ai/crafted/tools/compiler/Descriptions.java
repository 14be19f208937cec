package ai.crafted.tools.compiler;

import java.util.Locale;

/**
 * Cuts a tool description to a provider's limit at a word boundary, ending with a visible marker
 * that says it was cut and from how long, so neither the model nor the user mistakes the cut
 * text for the whole.
 */
public final class Descriptions {

    private Descriptions() {
    }

    /**
     * @param text  the description (not null)
     * @param limit the most characters (UTF-16 units, as the providers count) the result may have
     * @return {@code text} when it fits; otherwise its start, cut after the last whitespace in the
     *         last fifth of the room (or mid-word when there is none, never inside a surrogate pair),
     *         followed by {@code " … [cut: N of M characters]"}; the whole is at most {@code limit}
     */
    public static String cut(String text, int limit) {
        if (text.length() <= limit) {
            return text;
        }
        String marker = String.format(Locale.ROOT, " … [cut: %%d of %,d characters]", text.length());
        int room = limit - String.format(Locale.ROOT, marker, limit).length();
        int end = room;
        for (int i = room; i > room * 4 / 5; i--) {
            if (Character.isWhitespace(text.charAt(i))) {
                end = i;
                break;
            }
        }
        if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        String kept = text.substring(0, end).stripTrailing();
        return kept + String.format(Locale.ROOT, marker, kept.length());
    }
}
