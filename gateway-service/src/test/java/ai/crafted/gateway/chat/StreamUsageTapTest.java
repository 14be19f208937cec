package ai.crafted.gateway.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.buffer.Buffer;

/** The usage of a piped stream, read on the side within bounds. */
class StreamUsageTapTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theUsageChunkIsFoundAmongTextDeltasSplitAcrossReads() {
        StreamUsageTap tap = new StreamUsageTap(JSON);
        String stream = "data: {\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}\n\n"
                + "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":3}}\n\ndata: [DONE]\n\n";
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i += 7) {
            tap.feed(Buffer.buffer().appendBytes(bytes, i, Math.min(7, bytes.length - i)));
        }
        assertThat(tap.usage().path("prompt_tokens").asLong()).isEqualTo(12);
        assertThat(tap.usage().path("completion_tokens").asLong()).isEqualTo(3);
    }

    @Test
    void anEventThatNeverEndsStopsTheReadingAndLeavesTheUsageUnknown() {
        StreamUsageTap tap = new StreamUsageTap(JSON);
        tap.feed(Buffer.buffer("data: {\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1}}\n\n"));
        String sixtyFourKib = "x".repeat(64 * 1024);
        tap.feed(Buffer.buffer("data: "));
        for (int i = 0; i < 17; i++) {
            tap.feed(Buffer.buffer(sixtyFourKib)); // no blank line: 1.06 MiB of one event
        }
        // An end and a usage event after that are no longer read.
        tap.feed(Buffer.buffer("\n\ndata: {\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":9}}\n\n"));
        assertThat(tap.usage()).as("usage unknown, not the earlier or the later figures").isNull();
    }

    @Test
    void eventsWithoutUsageOrNotJsonAreSkipped() {
        StreamUsageTap tap = new StreamUsageTap(JSON);
        tap.feed(Buffer.buffer("data: not json \"usage\"\n\ndata: {\"usage\":null}\n\ndata: [DONE]\n\n"));
        assertThat(tap.usage()).isNull();
    }
}
