package ai.crafted.gateway.chat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vertx.core.http.HttpServerResponse;

/**
 * Where a streamed chat ({@link StreamedChat}) writes: the wire format of the client's API. The
 * loop is the same for every API; a sink turns what it sees into that API's events:
 * {@link ChatCompletionChunks} writes OpenAI's {@code chat.completion.chunk} stream, the
 * Responses API's sink its typed events. Every method is called on the request's event loop, in
 * the order things happened, and never after {@link #finish} or {@link #fail}.
 */
public interface ChatStreamSink {

    /** Sets the stream's headers (nothing is written yet: the head goes out with the first bytes). */
    void open(HttpServerResponse out);

    /**
     * A client-facing {@code chat.completion.chunk} of choice 0: content, refusal, logprobs and the
     * client's own tool-call deltas (injected calls never reach a sink), already carrying the
     * conversation's identity. Its {@code finish_reason} and {@code usage} are removed: they come
     * with {@link #finish}.
     */
    void chunk(ObjectNode chunk);

    /** An SSE comment (keep-alive, tool progress); ignored by clients. */
    void comment(String text);

    /**
     * The model's turn ended with only injected tool calls, which run now.
     *
     * @param calls OpenAI tool calls ({@code id}, {@code function.name}, {@code function.arguments})
     */
    default void toolsStarting(ArrayNode calls) {
    }

    /**
     * The injected tool calls of a turn have run.
     *
     * @param results their {@code tool} messages and outcomes, in the calls' order
     */
    default void toolsDone(ArrayNode calls, ChatLoop.ToolResults results) {
    }

    /**
     * The answer is complete: writes the stream's last events and ends the response.
     *
     * @param finishReason OpenAI's finish reason for the whole answer ({@code stop}, {@code length},
     *                     {@code tool_calls}, {@code content_filter})
     * @param gateway      the {@code gateway} extension ({@code rounds}, {@code note}, {@code omittedTools})
     * @param usage        usage summed over the rounds (chat completions' shape), or null when no round reported any
     */
    void finish(String finishReason, ObjectNode gateway, ObjectNode usage);

    /** The chat failed after the stream's head went out: the failure as the last event, then the end. */
    void fail(Throwable failure);
}
