package ai.crafted.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A stored tracestate fits its column, truncated by whole members as W3C Trace Context says. */
class OutboxTraceContextTest {

    @Test
    void aShortTracestateIsKeptAsIs() {
        assertThat(OutboxTraceContext.truncated("congo=t61rcWkgMzE,rojo=00f067aa0ba902b7")).isEqualTo("congo=t61rcWkgMzE,rojo=00f067aa0ba902b7");
        assertThat(OutboxTraceContext.truncated(null)).isNull();
    }

    @Test
    void membersOver128CharactersGoFirst() {
        String state = "a=1,long=" + "x".repeat(200) + ",b=2," + "c=" + "y".repeat(120) + "," + "d=" + "z".repeat(120)
                + ",e=" + "w".repeat(120) + ",f=" + "v".repeat(120);
        assertThat(OutboxTraceContext.truncated(state)).doesNotContain("long=").startsWith("a=1,b=2,c=");
        assertThat(OutboxTraceContext.truncated(state).length()).isLessThanOrEqualTo(OutboxTraceContext.TRACESTATE_MAX);
    }

    @Test
    void thenMembersAreRemovedFromTheRight() {
        StringBuilder state = new StringBuilder();
        for (int i = 0; i < 32; i++) {
            state.append(i == 0 ? "" : ",").append("k").append(i).append('=').append("v".repeat(60));
        }
        String kept = OutboxTraceContext.truncated(state.toString());
        assertThat(kept.length()).isLessThanOrEqualTo(OutboxTraceContext.TRACESTATE_MAX);
        assertThat(kept).startsWith("k0=").doesNotContain("k31=");
        assertThat(kept.split(",")).hasSize(8); // 8 members of 63 characters and 7 commas = 511; a ninth would make 575
    }

    @Test
    void nothingLeftIsNull() {
        assertThat(OutboxTraceContext.truncated("a=" + "x".repeat(600))).isNull();
    }
}
