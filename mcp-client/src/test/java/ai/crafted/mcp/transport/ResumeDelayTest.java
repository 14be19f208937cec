package ai.crafted.mcp.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The delay before resuming an SSE stream, from the server's {@code retry} field: a value a timer
 * accepts (1 ms to 5 s) whatever the server sent.
 */
class ResumeDelayTest {

    @ParameterizedTest(name = "retry {0} -> {1} ms")
    @CsvSource(nullValues = "none", value = {
            "none, 1000",
            "0, 1",
            "1, 1",
            "500, 500",
            "5000, 5000",
            "999999999, 5000" })
    void theServersRetryIsKeptWithinWhatATimerAccepts(Long retryMs, long expectedMs) {
        assertThat(StreamableHttpSession.resumeDelay(retryMs)).isEqualTo(Duration.ofMillis(expectedMs));
    }
}
