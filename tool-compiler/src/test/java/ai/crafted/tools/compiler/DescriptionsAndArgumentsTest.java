package ai.crafted.tools.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

class DescriptionsAndArgumentsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aCutDescriptionNeverExceedsTheLimitNorSplitsACharacter() {
        Random random = new Random(15);
        String[] words = {"order", "🙂", "Straße", "x", "a-very-long-identifier-without-spaces", "\t", "日本語"};
        for (int run = 0; run < 5_000; run++) {
            StringBuilder text = new StringBuilder();
            int target = 1 + random.nextInt(3_000);
            while (text.length() < target) {
                text.append(words[random.nextInt(words.length)]).append(random.nextInt(4) == 0 ? "" : " ");
            }
            int limit = 60 + random.nextInt(1_200);
            String cut = Descriptions.cut(text.toString(), limit);
            assertThat(cut.length()).isLessThanOrEqualTo(limit);
            if (text.length() <= limit) {
                assertThat(cut).isEqualTo(text.toString());
            } else {
                assertThat(cut).contains(" … [cut: ");
                assertThat(Character.isHighSurrogate(cut.charAt(cut.indexOf(" … [cut: ") - 1))).isFalse();
                String kept = cut.substring(0, cut.indexOf(" … [cut: "));
                assertThat(cut).endsWith(String.format(java.util.Locale.ROOT, "[cut: %d of %,d characters]", kept.length(), text.length()));
                assertThat(text.toString()).startsWith(kept);
            }
        }
    }

    @Test
    void aTextWithoutSpacesIsCutMidWord() {
        String cut = Descriptions.cut("x".repeat(3_100), 1_024);
        assertThat(cut).hasSizeLessThanOrEqualTo(1_024).startsWith("xxxx").endsWith("of 3,100 characters]");
    }

    @Test
    void onlyTheNullsOfOptionalPropertiesAreRemoved() throws Exception {
        ObjectNode arguments = (ObjectNode) JSON.readTree("""
                {"q":"x","page":null,"keep":null,"filter":{"since":null,"rows":[{"name":"a","limit":null},{"name":"b","limit":3}]},
                 "*":null}""");

        StrictArguments.removeAbsentNulls(arguments, List.of("/page", "/filter/since", "/filter/rows/*/limit", "/*", "/absent/x"));

        assertThat(arguments).isEqualTo(JSON.readTree("""
                {"q":"x","keep":null,"filter":{"rows":[{"name":"a"},{"name":"b","limit":3}]}}"""));
    }
}
