package ai.crafted.whatsapp.reply;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;

import ai.crafted.events.WhatsAppInboundMessage;
import ai.crafted.whatsapp.app.AppRegistry;
import ai.crafted.whatsapp.app.WhatsAppApp;
import ai.crafted.whatsapp.config.WorkerConfig;

/**
 * Answers one inbound message exactly once: claim it (a message already answered, or whose
 * answer may already be on its way, is skipped), ask the gateway, record the reply, send it,
 * mark it replied. Calls are retried with backoff; what still fails is recorded and rethrown, so
 * the message goes to the dead-letter topic with the reason.
 */
@ApplicationScoped
public class ReplyService {

    private static final Logger LOG = Logger.getLogger(ReplyService.class);

    private final AppRegistry apps;
    private final ConversationStore store;
    private final GatewayClient gateway;
    private final GraphApiClient graph;
    private final WorkerConfig config;
    private final MeterRegistry meters;

    public ReplyService(AppRegistry apps, ConversationStore store, GatewayClient gateway, GraphApiClient graph,
            WorkerConfig config, MeterRegistry meters) {
        this.apps = apps;
        this.store = store;
        this.gateway = gateway;
        this.graph = graph;
        this.config = config;
        this.meters = meters;
    }

    public Uni<Void> handle(WhatsAppInboundMessage message) {
        WhatsAppApp app = apps.find(message.appId()).orElse(null);
        if (app == null) {
            LOG.warnf("message %s for unknown or deleted app %s dropped", message.messageId(), message.appId());
            meters.counter("whatsapp.replies", "outcome", "unknown_app").increment();
            return Uni.createFrom().voidItem();
        }
        return store.claim(message).chain(claim -> {
            if ("replied".equals(claim.status()) || "sending".equals(claim.status())) {
                meters.counter("whatsapp.replies", "outcome", "duplicate").increment();
                return Uni.createFrom().voidItem();
            }
            return reply(app, message, claim);
        });
    }

    private Uni<Void> reply(WhatsAppApp app, WhatsAppInboundMessage message, ConversationStore.Claim claim) {
        boolean text = "text".equals(message.type()) && message.text() != null && !message.text().isBlank();
        String inboundText = text ? message.text() : "[" + message.type() + " message]";
        Uni<String> answer = text
                ? store.history(claim.conversationId(), message.messageId(), config.historySize())
                        .chain(history -> retried(gateway.answer(app, history, message.text())))
                : Uni.createFrom().item(config.unsupportedMessageReply());
        return answer
                .call(reply -> store.recordSending(claim.conversationId(), message, inboundText, reply))
                .call(reply -> send(app, message.from(), reply))
                .call(reply -> store.recordReplied(claim.conversationId(), message.messageId(), reply))
                .invoke(() -> meters.counter("whatsapp.replies", "outcome", "sent").increment())
                .onFailure().call(failure -> store.recordFailure(message.appId(), message.messageId(), failure.getMessage())
                        .invoke(() -> meters.counter("whatsapp.replies", "outcome", "failed").increment()))
                .replaceWithVoid();
    }

    private Uni<Void> send(WhatsAppApp app, String to, String reply) {
        List<String> parts = GraphApiClient.split(reply, config.maxTextLength());
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (String part : parts) {
            chain = chain.chain(() -> retried(graph.sendText(app, to, part)));
        }
        return chain;
    }

    private <T> Uni<T> retried(Uni<T> call) {
        return call.onFailure().retry()
                .withBackOff(config.retry().initialBackoff(), config.retry().maxBackoff())
                .atMost(config.retry().attempts() - 1L);
    }
}
