package ai.crafted.whatsapp.reply;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;

import ai.crafted.events.Topics;
import ai.crafted.events.WhatsAppInboundMessage;

/**
 * Consumes inbound messages in conversation order. The offset is committed only when the reply
 * is sent and recorded; a failure after all retries sends the record to
 * {@code whatsapp-inbound.whatsapp-worker.dlq} with the reason.
 */
@ApplicationScoped
public class ReplyWorker {

    private static final Logger LOG = Logger.getLogger(ReplyWorker.class);

    private final ReplyService replies;

    public ReplyWorker(ReplyService replies) {
        this.replies = replies;
    }

    @Incoming(Topics.WHATSAPP_INBOUND + "-in")
    public Uni<Void> consume(WhatsAppInboundMessage message) {
        if (message == null || message.schemaVersion() != WhatsAppInboundMessage.SCHEMA_VERSION) {
            LOG.warn("skipping a whatsapp-inbound record that is unreadable or of an unknown schema version");
            return Uni.createFrom().voidItem();
        }
        return replies.handle(message);
    }
}
