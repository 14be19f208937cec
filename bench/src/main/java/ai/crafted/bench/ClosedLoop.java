package ai.crafted.bench;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

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
 * Saturated throughput: {@code connections} keep-alive connections, each sending its next
 * request as soon as the previous answer has been read, for a fixed time. Answers per second
 * (HTTP 200 only) and the latency of each request (from its send, so this is not an open-loop
 * latency) over the measured window.
 */
final class ClosedLoop {

    record Result(String name, int connections, long ok, long errors, Histogram micros, double seconds) {

        double throughput() {
            return ok / seconds;
        }

        double ms(double percentile) {
            return micros.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    private final Vertx vertx;
    private volatile String lastFailure = "none";

    ClosedLoop(Vertx vertx) {
        this.vertx = vertx;
    }

    Result run(String name, int connections, Duration duration, OpenLoop.Request request) throws InterruptedException {
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setConnectTimeout(5000),
                new PoolOptions().setHttp1MaxSize(connections));
        Recorder recorder = new Recorder(3_600_000_000L, 3);
        AtomicLong ok = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        CountDownLatch stopped = new CountDownLatch(connections);
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        for (int c = 0; c < connections; c++) {
            // A new context per connection, spread over the event loops.
            Context context = vertx.getOrCreateContext();
            context.runOnContext(v -> next(client, request, end, recorder, ok, errors, stopped));
        }
        stopped.await(duration.toSeconds() + 60, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - start) / 1e9;
        client.close();
        return new Result(name, connections, ok.get(), errors.get(), recorder.getIntervalHistogram(), seconds);
    }

    private void next(HttpClient client, OpenLoop.Request request, long end, Recorder recorder, AtomicLong ok, AtomicLong errors,
            CountDownLatch stopped) {
        if (System.nanoTime() >= end) {
            stopped.countDown();
            return;
        }
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(request.url().toString())
                .setTimeout(30_000);
        request.headers().forEach(options::putHeader);
        long sent = System.nanoTime();
        client.request(options)
                .compose(r -> r.send(Buffer.buffer(request.body())))
                .compose(response -> response.body().map(body -> response.statusCode()))
                .onComplete(result -> {
                    recorder.recordValue(Math.max(1, (System.nanoTime() - sent) / 1000));
                    if (result.succeeded() && result.result() == 200) {
                        ok.incrementAndGet();
                    } else {
                        lastFailure = result.succeeded() ? "HTTP " + result.result() : String.valueOf(result.cause());
                        errors.incrementAndGet();
                    }
                    next(client, request, end, recorder, ok, errors, stopped);
                });
    }

    String lastFailure() {
        return lastFailure;
    }
}
