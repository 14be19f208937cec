package ai.crafted.integrations.ui;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import io.quarkus.qute.RawString;
import io.quarkus.qute.TemplateExtension;


/** Small display rules the templates share. */
@TemplateExtension
public class UiFormat {

    private static final DateTimeFormatter DISPLAY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private UiFormat() {
    }

    /**
     * {@code {instant.time}}: a {@code <time>} element with the ISO-8601 instant and the UTC text; the
     * page's script shows it in the reader's own time zone with the UTC text on hover. Empty for null.
     */
    static RawString time(Instant instant) {
        return new RawString(instant == null ? "" : "<time datetime=\"" + instant + "\">" + DISPLAY.format(instant) + "</time>");
    }

    /** {@code {text.urlEncoded}}: the text as one query-string value (UTF-8, {@code application/x-www-form-urlencoded}). */
    static String urlEncoded(String text) {
        return text == null ? "" : java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** {@code {instant.display}}: one unambiguous format everywhere (the API itself speaks ISO-8601). */
    static String display(Instant instant) {
        return instant == null ? "" : DISPLAY.format(instant);
    }
}
