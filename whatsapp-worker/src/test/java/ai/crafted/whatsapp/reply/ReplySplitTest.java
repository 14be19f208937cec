package ai.crafted.whatsapp.reply;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import ai.crafted.testsupport.demo.WebhookSignatures;
import ai.crafted.whatsapp.webhook.SignatureCheck;

/** Splitting long replies within WhatsApp's limit, never inside a grapheme cluster; webhook signatures. */
class ReplySplitTest {

    /** A family (four people joined by zero-width joiners): 11 UTF-16 units, one grapheme. */
    static final String FAMILY = "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67\u200D\uD83D\uDC66";
    /** A flag: two regional indicators, one grapheme. */
    static final String FLAG = "\uD83C\uDDE9\uD83C\uDDEA";
    /** A thumbs-up with a skin-tone modifier. */
    static final String THUMBS = "\uD83D\uDC4D\uD83C\uDFFD";
    /** e with two combining marks. */
    static final String ACCENTED = "e\u0301\u0323";

    private static final Pattern GRAPHEME = Pattern.compile("\\X");

    @Test
    void splitsAtWordsAndKeepsShortTextWhole() {
        assertThat(GraphApiClient.split("short", 10)).containsExactly("short");
        assertThat(GraphApiClient.split("aaaa bbbb cccc", 10)).containsExactly("aaaa bbbb", "cccc");
        assertThat(GraphApiClient.split("x".repeat(25), 10)).containsExactly("x".repeat(10), "x".repeat(10), "x".repeat(5));
    }

    @Test
    void aFamilyEmojiAcrossTheLimitIsNeverCutInHalf() {
        // 4090 letters then the family: a cut at 4096 would fall inside it.
        String text = "a".repeat(4090) + FAMILY + "b".repeat(100);

        List<String> parts = GraphApiClient.split(text, 4096);

        assertThat(parts).hasSize(2);
        assertThat(parts.get(0)).isEqualTo("a".repeat(4090));
        assertThat(parts.get(1)).startsWith(FAMILY);
        assertThat(String.join("", parts)).isEqualTo(text);
    }

    @Test
    void flagsModifiersAndCombiningMarksStayWhole() {
        for (String cluster : List.of(FLAG, THUMBS, ACCENTED)) {
            String text = "a".repeat(9) + cluster + "a".repeat(5);
            List<String> parts = GraphApiClient.split(text, 10);
            assertThat(parts.get(0)).as(cluster).isEqualTo("a".repeat(9));
            assertThat(parts.get(1)).as(cluster).startsWith(cluster);
        }
    }

    /** 300 texts of random clusters and limits (seeded: a failure names its seed and try). */
    @Test
    void everyPartFitsAndIsMadeOfWholeGraphemes() {
        List<String> pool = List.of("a", "word", " ", "\n", FAMILY, FLAG, THUMBS, ACCENTED, "\u00e9", "\u4e2d");
        long seed = 20261201L;
        Random random = new Random(seed);
        for (int i = 0; i < 300; i++) {
            StringBuilder text = new StringBuilder();
            for (int n = 1 + random.nextInt(200); n > 0; n--) {
                text.append(pool.get(random.nextInt(pool.size())));
            }
            int limit = 12 + random.nextInt(69);

            List<String> parts = GraphApiClient.split(text.toString(), limit);

            String what = "seed " + seed + ", try " + i + ", limit " + limit;
            for (String part : parts) {
                assertThat(part.length()).as(what).isLessThanOrEqualTo(limit);
                assertThat(isWholeGraphemesOf(part)).as("%s: part %s", what, part).isTrue();
            }
            // Only the white space at a cut is dropped.
            assertThat(String.join("", parts).replaceAll("\\s", "")).as(what).isEqualTo(text.toString().replaceAll("\\s", ""));
        }
    }

    /**
     * Whether the part is made of whole clusters: each of its graphemes is one of the multi-unit
     * clusters, or a single character that is not half a surrogate pair (a cut inside a family
     * leaves a man plus a joiner, inside a flag one regional indicator, inside an accented letter
     * the marks alone: none of them is either).
     */
    private static boolean isWholeGraphemesOf(String part) {
        List<String> multiUnit = List.of(FAMILY, FLAG, THUMBS, ACCENTED);
        Matcher m = GRAPHEME.matcher(part);
        while (m.find()) {
            String g = m.group();
            boolean whole = multiUnit.contains(g) || g.length() == 1 && !Character.isSurrogate(g.charAt(0));
            if (!whole) {
                return false;
            }
        }
        return true;
    }

    @Test
    void signaturesAreCheckedOverTheRawBytes() {
        byte[] raw = "{\"text\":\"caf\\u00e9\"}".getBytes();
        String header = WebhookSignatures.sign(new String(raw), "secret");
        assertThat(SignatureCheck.valid(raw, header, "secret")).isTrue();
        assertThat(SignatureCheck.valid("{\"text\":\"café\"}".getBytes(), header, "secret")).isFalse();
        assertThat(SignatureCheck.valid(raw, header, "other")).isFalse();
        assertThat(SignatureCheck.valid(raw, "sha256=zz", "secret")).isFalse();
        assertThat(SignatureCheck.valid(raw, null, "secret")).isFalse();
    }
}
