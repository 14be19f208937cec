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
    void anEventOverTheLimitIsNotBufferedAndTheStreamIsReadOnAfterIt() {
        StreamUsageTap tap = new StreamUsageTap(JSON);
        tap.feed(Buffer.buffer("data: {\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1}}\n\n"));
        String sixtyFourKib = "x".repeat(64 * 1024);
        tap.feed(Buffer.buffer("data: "));
        for (int i = 0; i < 17; i++) {
            tap.feed(Buffer.buffer(sixtyFourKib)); // no blank line: 1.06 MiB of one event
        }
        assertThat(tap.usage().path("prompt_tokens").asLong()).as("the earlier usage stands").isEqualTo(1);
        // The long event ends; the events after it are read again.
        tap.feed(Buffer.buffer("\n\ndata: {\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":9}}\n\n"));
        assertThat(tap.usage().path("prompt_tokens").asLong()).isEqualTo(9);
    }

    @Test
    void aResponsesCompletedEventOfSeveralMegabytesStillGivesItsUsage() {
        StreamUsageTap tap = new StreamUsageTap(JSON);
        // As a Responses API stream with a generated image: the usage follows the base64 output.
        String image = "iVBORw0KGgo".repeat(300_000); // 3.3 MB
        String completed = "event: response.completed\ndata: {\"type\":\"response.completed\",\"response\":{\"output\":[{\"type\":"
                + "\"image_generation_call\",\"result\":\"" + image + "\"},{\"type\":\"message\",\"content\":[{\"text\":"
                + "\"the \\\"usage\\\": {\\\"x\\\":1} of it\"}]}],\"usage\":{\"input_tokens\":120,\"output_tokens\":1056},"
                + "\"user\":null}}\n\n";
        byte[] bytes = completed.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i += 65_536) {
            tap.feed(Buffer.buffer().appendBytes(bytes, i, Math.min(65_536, bytes.length - i)));
        }
        assertThat(tap.usage()).isNotNull();
        assertThat(tap.usage().path("input_tokens").asLong()).isEqualTo(120);
        assertThat(tap.usage().path("output_tokens").asLong()).isEqualTo(1056);
    }

    @Test
    void anEventsEndIsFoundAlsoWhenItsBlankLineIsSplitAcrossReads() {
        assertThat(StreamUsageTap.eventEnd("data: x\n".getBytes(StandardCharsets.UTF_8), "\ndata".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(1);
        assertThat(StreamUsageTap.eventEnd("data: x\r\n\r".getBytes(StandardCharsets.UTF_8), "\nmore".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(1);
        assertThat(StreamUsageTap.eventEnd(new byte[0], "data: x\n".getBytes(StandardCharsets.UTF_8))).isEqualTo(-1);
    }

    @Test
    void eventsWithoutUsageOrNotJsonAreSkipped() {
        StreamUsageTap tap = new StreamUsageTap(JSON);
        tap.feed(Buffer.buffer("data: not json \"usage\"\n\ndata: {\"usage\":null}\n\ndata: [DONE]\n\n"));
        assertThat(tap.usage()).isNull();
    }
}
