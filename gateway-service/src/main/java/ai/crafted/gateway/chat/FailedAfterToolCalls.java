package ai.crafted.gateway.chat;

/**
 * A loop that failed after the gateway had already run tool calls (a later model round failed).
 * The client is told not to repeat the request ({@code x-should-retry: false}, no
 * {@code retry-after}): the OpenAI SDKs retry 429 and 5xx answers on their own, and a retry would
 * run those tools, and their side effects, again. The cause is the failure itself.
 */
final class FailedAfterToolCalls extends RuntimeException {

    FailedAfterToolCalls(Throwable cause) {
        super(cause.getMessage(), cause);
    }
}
