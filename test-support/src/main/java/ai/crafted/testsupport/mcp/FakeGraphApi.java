package ai.crafted.testsupport.mcp;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

/**
 * The WhatsApp Cloud API's send endpoint, for tests: records every message it receives (path,
 * bearer token, body) and can be told to fail the next N sends with HTTP 500, or to answer the
 * next sends with documented Cloud API errors ({@link #refuseNext}).
 */
public final class FakeGraphApi implements AutoCloseable {

    /** One received send request, and when it arrived ({@link System#nanoTime()}). */
    public record Sent(String path, String authorization, JsonNode body, long receivedNanos) {

        public String to() {
            return body.path("to").asText();
        }

        public String text() {
            return body.path("text").path("body").asText();
        }

        /** The business-scoped user id a message was addressed to (when there is no {@code to}). */
        public String recipient() {
            return body.path("recipient").asText();
        }

        /** The message this one replies to ({@code context.message_id}), or "". */
        public String contextMessageId() {
            return body.path("context").path("message_id").asText();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final AtomicInteger attempts = new AtomicInteger();
    private final java.util.Queue<Refusal> refusals = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final java.util.Queue<Runnable> held = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private volatile boolean holding;

    /** A scripted error answer: the HTTP status and the Graph API's error body. */
    private record Refusal(int status, String body) {
    }

    private FakeGraphApi(Vertx vertx, int port, Function<List<Sent>, String> listing) throws Exception {
        server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            if (listing != null && request.method().name().equals("GET") && request.path().equals("/sent")) {
                request.response().putHeader("Content-Type", "application/json").end(listing.apply(sent));
                return;
            }
            if (listing != null && request.method().name().equals("POST")
                    && (request.path().equals("/hold") || request.path().equals("/release"))) {
                // The local stack's way to leave a reply "on its way" (README: a parked message locally).
                if (request.path().equals("/hold")) {
                    holdAnswers();
                } else {
                    releaseAnswers();
                }
                request.response().putHeader("Content-Type", "application/json").end("{\"holding\":" + holding + "}");
                return;
            }
            attempts.incrementAndGet();
            Refusal refusal = refusals.poll();
            if (refusal != null && refusal.status() > 0) {
                request.response().setStatusCode(refusal.status()).putHeader("Content-Type", "application/json")
                        .end(refusal.body());
                return;
            }
            if (failuresLeft.getAndUpdate(n -> n > 0 ? n - 1 : n) > 0) {
                request.response().setStatusCode(500).putHeader("Content-Type", "application/json")
                        .end("{\"error\":{\"message\":\"temporarily unavailable\",\"code\":2}}");
                return;
            }
            try {
                sent.add(new Sent(request.path(), request.getHeader("Authorization"), JSON.readTree(body.getBytes()), System.nanoTime()));
            } catch (Exception e) {
                request.response().setStatusCode(400).end();
                return;
            }
            String accepted = "{\"messaging_product\":\"whatsapp\",\"messages\":[{\"id\":\"wamid.out." + sent.size() + "."
                    + java.util.UUID.randomUUID() + "\"}]}";
            Runnable answer = () -> request.response().putHeader("Content-Type", "application/json").end(accepted);
            if (holding) {
                io.vertx.core.Context context = vertx.getOrCreateContext();
                held.add(() -> context.runOnContext(v -> answer.run()));
            } else {
                answer.run();
            }
        })).listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    public static FakeGraphApi start(Vertx vertx) {
        return start(vertx, 0, null);
    }

    /**
     * On a fixed port, optionally listing what was sent at {@code GET /sent} (the local demo);
     * with a listing, {@code POST /hold} and {@code POST /release} call {@link #holdAnswers()} and
     * {@link #releaseAnswers()}.
     */
    public static FakeGraphApi start(Vertx vertx, int port, Function<List<Sent>, String> listing) {
        try {
            return new FakeGraphApi(vertx, port, listing);
        } catch (Exception e) {
            throw new IllegalStateException("fake Graph API did not start", e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    public List<Sent> sent() {
        return sent;
    }

    /** Every send attempt, failed ones included. */
    public int attempts() {
        return attempts.get();
    }

    public void failNext(int count) {
        failuresLeft.set(count);
    }

    /**
     * The next send is answered with this Graph API error, in the Cloud API's shape
     * ({@code {"error":{"message","type","code","error_data":{"messaging_product","details"},"fbtrace_id"}}}).
     * Calls queue up: each answers one send.
     */
    public FakeGraphApi refuseNext(int httpStatus, int code, String message) {
        String body = "{\"error\":{\"message\":\"(#" + code + ") " + message + "\",\"type\":\"OAuthException\",\"code\":" + code
                + ",\"error_data\":{\"messaging_product\":\"whatsapp\",\"details\":\"" + message + "\"},"
                + "\"fbtrace_id\":\"AbCdEfGh123\"}}";
        refusals.add(new Refusal(httpStatus, body));
        return this;
    }

    /** The next send (in the order of {@link #refuseNext} calls) is accepted as usual. */
    public FakeGraphApi acceptNext() {
        refusals.add(new Refusal(0, null));
        return this;
    }

    /**
     * From now on a send is taken (it counts as sent: the customer has it) but its answer is held
     * back until {@link #releaseAnswers()}: a sender that dies meanwhile never learns it was sent.
     */
    public void holdAnswers() {
        holding = true;
    }

    /** Answers every held send and stops holding. */
    public void releaseAnswers() {
        holding = false;
        for (Runnable answer = held.poll(); answer != null; answer = held.poll()) {
            answer.run();
        }
    }

    /** Forgets scripted refusals and failures. */
    public void resetFailures() {
        refusals.clear();
        failuresLeft.set(0);
    }

    @Override
    public void close() {
        server.close();
    }
}
