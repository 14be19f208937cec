package ai.crafted.whatsapp.reply;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

class ConversationDispatcherTest {

    private final ConversationDispatcher dispatcher = new ConversationDispatcher(2, Duration.ofMillis(300));
    private final List<String> started = new CopyOnWriteArrayList<>();

    @Test
    void oneConversationRunsInOrderWhileOthersRunInParallel() {
        CompletableFuture<Void> a1 = new CompletableFuture<>();
        CompletableFuture<Void> b1 = new CompletableFuture<>();
        dispatcher.submit("a", work("a1", a1));
        dispatcher.submit("a", work("a2", CompletableFuture.completedFuture(null)));
        dispatcher.submit("b", work("b1", b1));

        assertThat(started).containsExactly("a1", "b1");
        a1.complete(null);
        assertThat(started).containsExactly("a1", "b1", "a2");
    }

    @Test
    void admissionWaitsWhileTheLimitIsReached() {
        CompletableFuture<Void> first = new CompletableFuture<>();
        dispatcher.submit("a", work("a1", first));
        dispatcher.submit("b", work("b1", new CompletableFuture<>()));

        CompletionStage<Void> admission = dispatcher.admission();
        assertThat(admission.toCompletableFuture()).isNotDone();
        first.complete(null);
        assertThat(admission.toCompletableFuture()).isDone();
    }

    @Test
    void aFailedReplyDoesNotBlockTheConversation() {
        dispatcher.submit("a", work("a1", CompletableFuture.failedFuture(new IllegalStateException("graph down"))));
        dispatcher.submit("a", work("a2", CompletableFuture.completedFuture(null)));

        assertThat(started).containsExactly("a1", "a2");
    }

    @Test
    void atShutdownNoReplyStartsAndRunningOnesMayFinish() throws Exception {
        CompletableFuture<Void> running = new CompletableFuture<>();
        dispatcher.submit("a", work("a1", running));
        CompletableFuture.delayedExecutor(50, java.util.concurrent.TimeUnit.MILLISECONDS).execute(() -> running.complete(null));

        assertThat(dispatcher.drain()).as("replies still running when the drain ended").isZero();
        assertThat(dispatcher.admission().toCompletableFuture()).as("admission while shutting down").isNotDone();
    }

    @Test
    void aReplyThatDoesNotFinishWithinTheBoundIsLeftToRedelivery() {
        dispatcher.submit("a", work("a1", new CompletableFuture<>()));

        assertThat(dispatcher.drain()).isEqualTo(1);
    }

    private java.util.function.Supplier<CompletionStage<Void>> work(String name, CompletableFuture<Void> result) {
        return () -> {
            started.add(name);
            return result;
        };
    }
}
