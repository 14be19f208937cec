package ai.crafted.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;

class EchoedTextTest {

    @Test
    void keepsOrdinaryTextAsItIs() {
        assertThat(EchoedText.of("/organizations/abc/integrations")).isEqualTo("/organizations/abc/integrations");
        assertThat(EchoedText.of("Grüße, 東京 and emoji 😀")).isEqualTo("Grüße, 東京 and emoji 😀");
    }

    @Test
    void escapesWhatWouldReorderOrBreakTheMessage() {
        assertThat(EchoedText.of("evil\u202Etxt.exe")).isEqualTo("evil\\u202Etxt.exe");
        assertThat(EchoedText.of("a\u0000b\nc\r\td")).isEqualTo("a\\u0000b\\u000Ac\\u000D\\u0009d");
        assertThat(EchoedText.of("x\uFFFFy\uFDD0")).isEqualTo("x\\uFFFFy\\uFDD0");
        assertThat(EchoedText.of("lone \uD800 surrogate")).isEqualTo("lone \\uD800 surrogate");
        assertThat(EchoedText.of("zero\u200Bwidth\u2066isolate")).isEqualTo("zero\\u200Bwidth\\u2066isolate");
        assertThat(EchoedText.of("private \uE000")).isEqualTo("private \\uE000");
        assertThat(EchoedText.of(null)).isEqualTo("null");
    }

    @Test
    void noOutputCharacterOfAnyCodePointIsAControlFormatOrUnassignedOne() {
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            String out = EchoedText.of(new String(Character.toChars(cp)));
            out.codePoints().forEach(c -> {
                int type = Character.getType(c);
                assertThat(type != Character.CONTROL && type != Character.FORMAT && type != Character.SURROGATE
                        && type != Character.PRIVATE_USE && type != Character.UNASSIGNED
                        && type != Character.LINE_SEPARATOR && type != Character.PARAGRAPH_SEPARATOR)
                        .as("U+%04X in the output", c).isTrue();
                assertThat((c & 0xFFFE) != 0xFFFE && !(c >= 0xFDD0 && c <= 0xFDEF)).as("noncharacter U+%04X", c).isTrue();
            });
        }
    }

    @Test
    void cutsLongTextWithAnEllipsis() {
        assertThat(EchoedText.of("x".repeat(10_000))).hasSize(EchoedText.DEFAULT_LIMIT + 1).endsWith("…");
        assertThat(EchoedText.of("\u0000".repeat(5), 12)).isEqualTo("\\u0000\\u0000…");
        assertThat(EchoedText.of("\u0000".repeat(5), 13)).isEqualTo("\\u0000\\u0000…");
        assertThat(EchoedText.of("abc", 3)).isEqualTo("abc");
    }

    @Test
    void anEscapeCountsAtItsWrittenLength() {
        // The attack value: 5000 right-to-left overrides once made an 11,996-character message.
        String overrides = "\u202E".repeat(5000);
        assertThat(EchoedText.of(overrides, EchoedText.MESSAGE_LIMIT)).hasSizeLessThanOrEqualTo(EchoedText.MESSAGE_LIMIT + 1);
        assertThat(EchoedText.of(overrides)).hasSize(EchoedText.DEFAULT_LIMIT / 6 * 6 + 1);
        // A supplementary private-use code point is two escapes (12 characters) and is never split.
        assertThat(EchoedText.of("\uDB80\uDC00\uDB80\uDC00", 20)).isEqualTo("\\uDB80\\uDC00…");
    }

    @Property
    void noInputMakesTheOutputLongerThanTheLimitPlusTheEllipsis(@ForAll @StringLength(max = 3000) String text,
            @ForAll @IntRange(min = 12, max = 2000) int limit) {
        String out = EchoedText.of(text, limit);
        assertThat(out.length()).isLessThanOrEqualTo(limit + 1);
        if (!out.endsWith("…")) {
            assertThat(out.replaceAll("\\\\u[0-9A-F]{4}", "").length()).isLessThanOrEqualTo(text.length());
        }
    }
}
