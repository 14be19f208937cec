package ai.crafted.mcp.transport;

import java.util.function.Consumer;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;

import ai.crafted.mcp.McpException;
import ai.crafted.mcp.McpException.Kind;

/** Reads response bodies under the size cap. */
final class ResponseBodies {

    private ResponseBodies() {
    }

    static McpException tooLarge(int cap) {
        return new McpException(Kind.RESPONSE_TOO_LARGE,
                "MCP server response exceeded the " + (cap / 1024) + " KiB size limit");
    }

    /** The whole body, failing (and dropping the connection) once it grows past {@code cap} bytes. */
    static Uni<Buffer> collect(HttpClientResponse response, int cap) {
        return Uni.createFrom().emitter(emitter -> {
            Buffer body = Buffer.buffer();
            response.handler(chunk -> {
                body.appendBuffer(chunk);
                if (body.length() > cap) {
                    // Fail first: resetting the stream reports its own exception we must not surface.
                    response.handler(null);
                    response.exceptionHandler(null);
                    emitter.fail(tooLarge(cap));
                    response.request().reset();
                }
            });
            boolean[] ended = { false };
            response.exceptionHandler(e -> {
                ended[0] = true;
                emitter.fail(e);
            });
            response.endHandler(v -> {
                ended[0] = true;
                emitter.complete(body);
            });
            // Given up on (the call timed out): stop reading at once. A server that trickles the
            // body would otherwise keep the connection and the buffer until its very end.
            emitter.onTermination(() -> {
                if (!ended[0]) {
                    response.handler(null);
                    response.exceptionHandler(e -> {
                    });
                    response.endHandler(null);
                    response.request().reset();
                }
            });
            response.resume();
        });
    }

    /** Feeds SSE events to {@code onEvent} until the stream ends; counts bytes against the cap. */
    static void streamEvents(HttpClientResponse response, int cap, Consumer<SseEvent> onEvent,
            Consumer<Throwable> onFailure, Runnable onEnd) {
        streamEvents(response, cap, false, onEvent, onFailure, onEnd);
    }

    /**
     * Feeds SSE events to {@code onEvent} until the stream ends. With {@code perEvent} the cap
     * applies to the bytes between two events (long-lived streams: the legacy transport's, a
     * notification stream), otherwise to the whole stream (the answer to one request).
     */
    static void streamEvents(HttpClientResponse response, int cap, boolean perEvent, Consumer<SseEvent> onEvent,
            Consumer<Throwable> onFailure, Runnable onEnd) {
        long[] received = { 0 };
        SseParser parser = new SseParser(event -> {
            if (perEvent) {
                received[0] = 0;
            }
            onEvent.accept(event);
        });
        response.handler(chunk -> {
            received[0] += chunk.length();
            if (received[0] > cap) {
                response.handler(null);
                response.endHandler(null);
                response.exceptionHandler(null);
                onFailure.accept(tooLarge(cap));
                response.request().reset();
                return;
            }
            parser.feed(chunk.getBytes());
        });
        response.exceptionHandler(onFailure::accept);
        response.endHandler(v -> onEnd.run());
        response.resume();
    }

    /** Reads and drops a body we do not need, so the connection goes back to the pool. */
    static void discard(HttpClientResponse response) {
        response.handler(chunk -> {
        });
        response.exceptionHandler(e -> {
        });
        response.endHandler(v -> {
        });
        response.resume();
    }
}
