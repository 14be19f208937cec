package ai.crafted.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

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
        assertThat(EchoedText.of("\u0000".repeat(5), 2)).isEqualTo("\\u0000\\u0000…");
        assertThat(EchoedText.of("abc", 3)).isEqualTo("abc");
    }
}
