package ai.crafted.mcp.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class SseParserTest {

    private final List<SseEvent> events = new ArrayList<>();
    private final SseParser parser = new SseParser(events::add);

    @Test
    void joinsEventsSplitAcrossChunksAndLineEndings() {
        feed("event: endpoint\r\ndata: /messages?s");
        feed("ession=1\r\n\r\nid: 7\nretry: 500\ndata:\n\n: a comment\ndata: {\"a\":1}\ndata: {\"b\":2}\n\n");

        assertThat(events).containsExactly(
                new SseEvent("endpoint", "/messages?session=1", null, null),
                new SseEvent("message", "", "7", 500L),
                new SseEvent("message", "{\"a\":1}\n{\"b\":2}", null, null));
    }

    @Test
    void waitsForTheRestOfACrlfSplitBetweenChunks() {
        feed("data: x\r");
        feed("\n\r\n");

        assertThat(events).containsExactly(new SseEvent("message", "x", null, null));
    }

    private void feed(String text) {
        parser.feed(text.getBytes(StandardCharsets.UTF_8));
    }
}
