package ai.crafted.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.parsetools.RecordParser;

/**
 * Streamed chat completions at a low fixed rate, read as they arrive (Vert.x client, the body
 * split into lines as chunks come in). Per request: <b>time to first token</b>, from the moment
 * the request is handed to the client (on its event loop) to the first {@code data:} event whose
 * delta has non-empty {@code content}; <b>time to [DONE]</b>; and for every content delta that
 * carries the stub's send time ({@code t<nanoTime>}, see {@link UpstreamStub}), the <b>token
 * lag</b> = receive time − send time (also for each answer's first token alone: time to first
 * token = the way in to the upstream + the first token's lag). A request counts as ok with HTTP 200 and a {@code [DONE]}.
 */
final class StreamLoad {

    /**
     * Histograms in microseconds; {@code lag} (every token) and {@code firstLag} (each answer's
     * first token) are empty when no token carried a stub timestamp.
     */
    record Result(String name, long sent, long ok, long errors, Histogram ttft, Histogram done, Histogram lag, Histogram firstLag,
            long tokens) {

        static double ms(Histogram h, double percentile) {
            return h.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    private final HttpClient client;
    private final Context[] contexts;
    private volatile String lastFailure = "none";

    StreamLoad(Vertx vertx) {
        this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setConnectTimeout(5000),
                new PoolOptions().setHttp1MaxSize(64).setMaxWaitQueueSize(10_000));
        this.contexts = new Context[] { vertx.getOrCreateContext(), vertx.getOrCreateContext() };
    }

    Result run(String name, int rate, Duration duration, OpenLoop.Request request) throws InterruptedException {
        long count = rate * duration.toSeconds();
        long interval = 1_000_000_000L / rate;
        Recorder ttft = new Recorder(3_600_000_000L, 3);
        Recorder done = new Recorder(3_600_000_000L, 3);
        Recorder lag = new Recorder(3_600_000_000L, 3);
        Recorder firstLag = new Recorder(3_600_000_000L, 3);
        AtomicLong ok = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong tokens = new AtomicLong();
        CountDownLatch finished = new CountDownLatch((int) count);
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long wait = start + i * interval - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            contexts[i % contexts.length].runOnContext(v -> send(request, new Stream(ttft, done, lag, firstLag, tokens), ok, errors, finished));
        }
        if (!finished.await(duration.toSeconds() + 60, TimeUnit.SECONDS)) {
            errors.addAndGet(finished.getCount());
        }
        return new Result(name, count, ok.get(), errors.get(), ttft.getIntervalHistogram(), done.getIntervalHistogram(),
                lag.getIntervalHistogram(), firstLag.getIntervalHistogram(), tokens.get());
    }

    /** One response's progress: what was seen so far, recorded as the lines arrive. */
    private static final class Stream {
        final Recorder ttft;
        final Recorder done;
        final Recorder lag;
        final Recorder firstLag;
        final AtomicLong tokens;
        long sentAt;
        boolean firstToken = true;
        boolean sawDone;
        /** Set once the request is counted as ok or failed (an error after the end is not counted again). */
        boolean counted;

        Stream(Recorder ttft, Recorder done, Recorder lag, Recorder firstLag, AtomicLong tokens) {
            this.ttft = ttft;
            this.done = done;
            this.lag = lag;
            this.firstLag = firstLag;
            this.tokens = tokens;
        }

        void line(Buffer line) {
            long now = System.nanoTime();
            String text = line.toString(StandardCharsets.UTF_8);
            if (!text.startsWith("data:") || text.length() < 6) {
                return;
            }
            if (text.startsWith("[DONE]", text.charAt(5) == ' ' ? 6 : 5)) {
                sawDone = true;
                done.recordValue(Math.max(1, (now - sentAt) / 1000));
                return;
            }
            int at = text.indexOf("\"content\":\"");
            if (at < 0 || text.charAt(at + 11) == '"') {
                return;
            }
            boolean first = firstToken;
            if (first) {
                firstToken = false;
                ttft.recordValue(Math.max(1, (now - sentAt) / 1000));
            }
            int digits = at + 12;
            if (text.charAt(at + 11) == 't' && digits < text.length() && Character.isDigit(text.charAt(digits))) {
                int end = digits;
                while (end < text.length() && Character.isDigit(text.charAt(end))) {
                    end++;
                }
                long micros = Math.max(0, (now - Long.parseLong(text, digits, end, 10)) / 1000);
                lag.recordValue(micros);
                if (first) {
                    firstLag.recordValue(micros);
                }
                tokens.incrementAndGet();
            }
        }
    }

    private void send(OpenLoop.Request request, Stream stream, AtomicLong ok, AtomicLong errors, CountDownLatch finished) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(request.url().toString())
                .setTimeout(30_000);
        request.headers().forEach(options::putHeader);
        stream.sentAt = System.nanoTime();
        client.request(options).compose(r -> r.send(Buffer.buffer(request.body()))).onComplete(sent -> {
            if (sent.failed()) {
                failed(stream, String.valueOf(sent.cause()), errors, finished);
                return;
            }
            HttpClientResponse response = sent.result();
            if (response.statusCode() != 200) {
                response.body().onComplete(body -> failed(stream, "HTTP " + response.statusCode() + " "
                        + (body.succeeded() ? body.result().toString() : ""), errors, finished));
                return;
            }
            response.handler(RecordParser.newDelimited("\n", stream::line));
            response.exceptionHandler(e -> failed(stream, String.valueOf(e), errors, finished));
            response.endHandler(v -> {
                if (!stream.sawDone) {
                    failed(stream, "stream ended without [DONE]", errors, finished);
                } else if (!stream.counted) {
                    stream.counted = true;
                    ok.incrementAndGet();
                    finished.countDown();
                }
            });
        });
    }

    private void failed(Stream stream, String why, AtomicLong errors, CountDownLatch finished) {
        if (stream.counted) {
            return;
        }
        stream.counted = true;
        lastFailure = why.length() > 300 ? why.substring(0, 300) : why;
        errors.incrementAndGet();
        finished.countDown();
    }

    String lastFailure() {
        return lastFailure;
    }

    void close() {
        client.close();
    }
}
