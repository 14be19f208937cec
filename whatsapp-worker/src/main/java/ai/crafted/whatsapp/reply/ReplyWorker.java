package ai.crafted.whatsapp.reply;

import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;

import ai.crafted.events.Topics;
import ai.crafted.events.WhatsAppInboundMessage;

/**
 * Consumes inbound messages. Each record is acknowledged only when its reply is sent and
 * recorded (the throttled commit strategy then commits offsets in order), or nacked with the
 * reason after all retries, which sends it to {@code whatsapp-inbound.whatsapp-worker.dlq}.
 * Conversations are answered in parallel, each one in order ({@link ConversationDispatcher}):
 * the channel hands over records one at a time, so without this the worker answered one
 * customer at a time.
 */
@ApplicationScoped
public class ReplyWorker {

    private static final Logger LOG = Logger.getLogger(ReplyWorker.class);

    private final ReplyService replies;
    private final ConversationDispatcher dispatcher;
    private final ReplySpans spans;

    public ReplyWorker(ReplyService replies, ConversationDispatcher dispatcher, ReplySpans spans) {
        this.spans = spans;
        this.replies = replies;
        this.dispatcher = dispatcher;
    }

    @Incoming(Topics.WHATSAPP_INBOUND + "-in")
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public Uni<Void> consume(Message<WhatsAppInboundMessage> record) {
        WhatsAppInboundMessage message = record.getPayload();
        if (message == null || message.schemaVersion() != WhatsAppInboundMessage.SCHEMA_VERSION) {
            LOG.warn("skipping a whatsapp-inbound record that is unreadable or of an unknown schema version");
            return Uni.createFrom().completionStage(record.ack());
        }
        boolean started = dispatcher.trySubmit(message.conversationKey(), () -> spans.reply(record, message, () -> replies.handle(message))
                .onItemOrFailure().transformToUni((ok, failure) -> Uni.createFrom().completionStage(failure == null
                        ? record.ack()
                        // Failed because the worker is stopping (its pool closed): left unacknowledged, so the
                        // partition's next owner gets it, instead of the dead-letter topic.
                        : dispatcher.draining() ? CompletableFuture.<Void>completedFuture(null) : record.nack(failure)))
                .subscribeAsCompletionStage());
        if (!started) {
            // Shutting down: not started and not acknowledged; the partition's next owner answers it.
            return Uni.createFrom().completionStage(new CompletableFuture<Void>());
        }
        return Uni.createFrom().completionStage(dispatcher.admission());
    }
}
