package ai.crafted.mcp.oauth;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** {@link OAuthHttp} on the JDK's client: the deadline covers the whole exchange, the body is capped while it arrives. */
final class JdkOAuthHttp implements OAuthHttp {

    private final HttpClient client;
    private final Duration deadline;

    JdkOAuthHttp(Duration deadline) {
        this.deadline = deadline;
        this.client = HttpClient.newBuilder().connectTimeout(deadline).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public Answer exchange(String method, URI url, Map<String, String> headers, String body, boolean readBody) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(deadline)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        CompletableFuture<HttpResponse<String>> sent = client.sendAsync(request.build(), info -> readBody
                ? new Capped(MAX_ANSWER_BYTES) : new Unread());
        try {
            HttpResponse<String> response = sent.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
            return new Answer(response.statusCode(), response.headers().map(), response.body());
        } catch (TimeoutException e) {
            sent.cancel(true);
            throw new IOException("no complete answer within " + deadline.toSeconds() + " s");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw cause instanceof IOException io ? io : new IOException(McpAuthorization.reason((Exception) cause), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            sent.cancel(true);
            throw new IOException("interrupted", e);
        }
    }

    /** Takes no body at all: the download is cancelled at once (it may be an endless event stream). */
    private static final class Unread implements HttpResponse.BodySubscriber<String> {

        private final CompletableFuture<String> result = CompletableFuture.completedFuture("");

        @Override
        public CompletionStage<String> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.cancel();
        }

        @Override
        public void onNext(List<ByteBuffer> item) {
        }

        @Override
        public void onError(Throwable throwable) {
        }

        @Override
        public void onComplete() {
        }
    }

    /** Collects a body as UTF-8 text, failing (and cancelling the download) past the cap. */
    private static final class Capped implements HttpResponse.BodySubscriber<String> {

        private final int cap;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CompletableFuture<String> result = new CompletableFuture<>();
        private Flow.Subscription subscription;

        Capped(int cap) {
            this.cap = cap;
        }

        @Override
        public CompletionStage<String> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (result.isDone()) {
                return; // cancelled past the cap: what still arrives is dropped
            }
            for (ByteBuffer buffer : buffers) {
                if (bytes.size() + buffer.remaining() > cap) {
                    subscription.cancel();
                    result.completeExceptionally(new IOException("the answer is larger than " + cap + " bytes"));
                    return;
                }
                byte[] chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                bytes.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            result.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            result.complete(bytes.toString(StandardCharsets.UTF_8));
        }
    }
}
