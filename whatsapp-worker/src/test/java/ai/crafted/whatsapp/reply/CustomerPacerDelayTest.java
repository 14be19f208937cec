package ai.crafted.whatsapp.reply;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A pacing wait as a timer delay. CI once failed a reply with "Cannot schedule a timer with delay
 * &lt; 1 ms": the wait was a fraction of a millisecond and went to a Vert.x timer as 0 ms.
 */
class CustomerPacerDelayTest {

    @ParameterizedTest(name = "{0} ns -> {1} ms")
    @CsvSource({
            "1, 1",
            "500000, 1",
            "999999, 1",
            "1000000, 1",
            "1000001, 2",
            "250000000, 250" })
    void aWaitIsRoundedUpToWholeMillisecondsAndNeverBelowOne(long waitNanos, long expectedMs) {
        assertThat(CustomerPacer.timerDelay(waitNanos)).isEqualTo(Duration.ofMillis(expectedMs));
    }
}
