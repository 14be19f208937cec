package ai.crafted.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** docs/events.md must describe exactly the topics of {@link Topics#ALL}: names, partitions, cleanup. */
class EventsDocumentationTest {

    private static final Pattern ROW = Pattern.compile(
            "^\\| `([a-z0-9.-]+)` \\| [^|]+ \\| (\\d+) \\| (compact|delete) \\|", Pattern.MULTILINE);

    @Test
    void theTopicTableMatchesTopics() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "events.md"));
        Map<String, TopicSpec> documented = new LinkedHashMap<>();
        Matcher row = ROW.matcher(doc);
        while (row.find()) {
            documented.put(row.group(1), new TopicSpec(row.group(1), Integer.parseInt(row.group(2)),
                    row.group(3).equals("compact")));
        }

        Map<String, TopicSpec> declared = new LinkedHashMap<>();
        Topics.ALL.forEach(spec -> declared.put(spec.name(), spec));
        assertThat(documented).as("docs/events.md topic table").containsExactlyInAnyOrderEntriesOf(declared);
        for (TopicSpec spec : Topics.ALL) {
            assertThat(doc).as("a section for " + spec.name()).contains("## `" + spec.name() + "` (schemaVersion ");
        }
    }
}
