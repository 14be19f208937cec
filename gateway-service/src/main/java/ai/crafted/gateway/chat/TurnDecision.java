package ai.crafted.gateway.chat;

/**
 * What the loop does after a model turn, the same for streamed and non-streamed requests.
 * Injected tool calls are never shown to the client: they are run, or (when the model also
 * called the client's own tools in that turn, or the round cap is reached) dropped with a note.
 */
enum TurnDecision {
    /** Only injected tools were called: run them and ask the model again. */
    RUN_TOOLS,
    /** No injected tool calls: the turn is the answer (client tool calls, if any, go to the client). */
    ANSWER,
    /** Injected and client tool calls in one turn: the client's go out, the injected ones are dropped. */
    ANSWER_WITHOUT_INJECTED,
    /** Injected calls pending at {@code gateway.max-tool-rounds}: stop with {@code finish_reason: "length"}. */
    STOP_AT_ROUND_CAP,
    /**
     * The provider cut the turn off ({@code finish_reason: "length"}) with injected calls in it:
     * their arguments may be incomplete, so they are not run; stop with {@code length}.
     */
    STOP_CUT_OFF;

    /**
     * @param finishReason the provider's finish reason for the turn (may be null)
     */
    static TurnDecision of(int injectedCalls, int clientCalls, int round, int maxRounds, String finishReason) {
        if (injectedCalls == 0) {
            return ANSWER;
        }
        if (clientCalls > 0) {
            return ANSWER_WITHOUT_INJECTED;
        }
        if ("length".equals(finishReason)) {
            return STOP_CUT_OFF;
        }
        return round >= maxRounds ? STOP_AT_ROUND_CAP : RUN_TOOLS;
    }

    /** The {@code gateway.note} for a decision that dropped calls, or null. */
    String note(int round) {
        return switch (this) {
            case STOP_AT_ROUND_CAP -> "stopped after " + round
                    + " model rounds with tool calls still pending (gateway.max-tool-rounds)";
            case ANSWER_WITHOUT_INJECTED -> "the model called plugin tools and the client's own tools in one turn:"
                    + " the client's tool calls are returned, the plugin tool calls were not run";
            case STOP_CUT_OFF -> "the model's answer was cut off (finish_reason length) in a plugin tool call:"
                    + " the call was not run";
            default -> null;
        };
    }
}
