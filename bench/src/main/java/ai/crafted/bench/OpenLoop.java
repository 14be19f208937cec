package ai.crafted.bench;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * An open-loop load generator: requests leave at a fixed rate whatever the server does, and each
 * latency is measured from the request's intended start, so a stall shows up in the tail instead
 * of silently slowing the generator (no coordinated omission).
 */
final class OpenLoop {

    /** One request to send; {@code i} lets a case vary keys or bodies. */
    record Request(URI url, Map<String, String> headers, byte[] body) {
    }

    record Result(String name, int rate, long sent, long ok, long errors, Histogram micros, double seconds) {

        double throughput() {
            return ok / seconds;
        }

        double ms(double percentile) {
            return micros.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    private final Vertx vertx;
    private final HttpClient client;
    /** The most recent failed answer (status and the start of its body), for a readable error when a probe never succeeds. */
    private volatile String lastFailure = "none";
    private final Context[] contexts;

    OpenLoop(Vertx vertx) {
        this.vertx = vertx;
        this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setConnectTimeout(5000),
                new PoolOptions().setHttp1MaxSize(256).setMaxWaitQueueSize(100_000));
        this.contexts = new Context[] { vertx.getOrCreateContext(), vertx.getOrCreateContext() };
    }

    Result run(String name, int rate, Duration duration, IntFunction<Request> requests) throws InterruptedException {
        long count = rate * duration.toSeconds();
        long intervalNanos = 1_000_000_000L / rate;
        Recorder recorder = new Recorder(3_600_000_000L, 3);
        AtomicLong ok = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        CountDownLatch done = new CountDownLatch((int) count);
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long intended = start + i * intervalNanos;
            long wait = intended - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            Request request = requests.apply(i);
            contexts[i % contexts.length].runOnContext(v -> send(request, intended, recorder, ok, errors, done));
        }
        boolean finished = done.await(duration.toSeconds() + 60, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (!finished) {
            errors.addAndGet(done.getCount());
        }
        return new Result(name, rate, count, ok.get(), errors.get(), recorder.getIntervalHistogram(), seconds);
    }

    private void send(Request request, long intended, Recorder recorder, AtomicLong ok, AtomicLong errors, CountDownLatch done) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(request.url().toString())
                .setTimeout(30_000);
        request.headers().forEach(options::putHeader);
        client.request(options)
                .compose(r -> r.send(Buffer.buffer(request.body())))
                .compose(response -> response.body().map(body -> {
                    if (response.statusCode() != 200) {
                        String text = body.toString();
                        lastFailure = "HTTP " + response.statusCode() + " " + (text.length() > 300 ? text.substring(0, 300) : text);
                    }
                    return response.statusCode();
                }))
                .onComplete(result -> {
                    recorder.recordValue(Math.max(1, (System.nanoTime() - intended) / 1000));
                    if (result.succeeded() && result.result() == 200) {
                        ok.incrementAndGet();
                    } else {
                        if (result.failed()) {
                            lastFailure = String.valueOf(result.cause());
                        }
                        errors.incrementAndGet();
                    }
                    done.countDown();
                });
    }

    String lastFailure() {
        return lastFailure;
    }

    void close() {
        client.close();
    }
}
