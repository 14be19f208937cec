package ai.crafted.integrations.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/** How the Approvals page words arguments and waiting times. */
class ApprovalCardTest {

    @Test
    void argumentsArePrettyPrintedAndTextThatIsNotJsonIsShownAsItCame() {
        assertThat(ApprovalCard.pretty("{\"path\":\"/a\",\"n\":1}")).isEqualTo("{\n  \"path\" : \"/a\",\n  \"n\" : 1\n}");
        assertThat(ApprovalCard.pretty("{\"path\": \"/a\"")).isEqualTo("{\"path\": \"/a\"");
        assertThat(ApprovalCard.pretty(null)).isEmpty();
    }

    @Test
    void theWaitReadsInMinutesThenSecondsAndNothingOnceExpired() {
        Instant now = Instant.parse("2026-12-03T10:00:00Z");
        assertThat(ApprovalCard.expiresIn(now.plus(Duration.ofMinutes(15)), now)).isEqualTo("15 min");
        assertThat(ApprovalCard.expiresIn(now.plusSeconds(150), now)).isEqualTo("3 min");
        assertThat(ApprovalCard.expiresIn(now.plusSeconds(45), now)).isEqualTo("45 s");
        assertThat(ApprovalCard.expiresIn(now, now)).isNull();
        assertThat(ApprovalCard.expiresIn(now.minusSeconds(1), now)).isNull();
    }
}
