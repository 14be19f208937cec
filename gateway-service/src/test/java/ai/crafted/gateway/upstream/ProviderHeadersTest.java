package ai.crafted.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.vertx.core.MultiMap;

/** Which provider headers a client sees: the configured names and prefixes, nothing else. */
class ProviderHeadersTest {

    private final ProviderHeaders defaults = new ProviderHeaders(
            List.of("x-request-id", "openai-processing-ms", "retry-after", "retry-after-ms", "x-should-retry", "x-ratelimit-*"));

    @Test
    void namesMatchCaseInsensitivelyAndAStarIsAPrefix() {
        MultiMap provider = MultiMap.caseInsensitiveMultiMap().add("X-Request-Id", "req_1").add("Retry-After", "3")
                .add("x-ratelimit-remaining-tokens", "10").add("X-RateLimit-Reset-Requests", "1s").add("x-should-retry", "false")
                .add("openai-organization", "org-operator").add("Set-Cookie", "a=b").add("Set-Cookie", "c=d")
                .add("openai-project", "proj_1").add("x-request-id-extra", "no").add("retry-after-seconds", "no")
                .add("Content-Type", "application/json");

        MultiMap kept = defaults.forwardable(provider);

        assertThat(kept.names()).containsExactlyInAnyOrder("X-Request-Id", "Retry-After", "x-ratelimit-remaining-tokens",
                "X-RateLimit-Reset-Requests", "x-should-retry");
        assertThat(kept.get("x-request-id")).isEqualTo("req_1");
    }

    @Test
    void anOperatorCanKeepTheRateLimitsToItself() {
        ProviderHeaders idOnly = new ProviderHeaders(List.of(" X-Request-Id ", ""));
        MultiMap kept = idOnly.forwardable(MultiMap.caseInsensitiveMultiMap().add("x-request-id", "r").add("x-ratelimit-limit-requests", "5"));
        assertThat(kept.names()).containsExactly("x-request-id");
        assertThat(new ProviderHeaders(List.of("none")).forwardable(MultiMap.caseInsensitiveMultiMap().add("x-request-id", "r")
                .add("none", "x")).isEmpty()).isTrue();
    }
}
