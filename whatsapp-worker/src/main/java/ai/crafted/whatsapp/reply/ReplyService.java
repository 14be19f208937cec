package ai.crafted.whatsapp.reply;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;

import ai.crafted.events.WhatsAppInboundMessage;
import ai.crafted.whatsapp.app.AppHealth;
import ai.crafted.whatsapp.app.AppRegistry;
import ai.crafted.whatsapp.app.WhatsAppApp;
import ai.crafted.whatsapp.config.WorkerConfig;

/**
 * Answers one inbound message exactly once: claim it (a message already answered, skipped, or
 * whose answer may already be on its way, is not handled again), ask the gateway, record the
 * reply, send it, mark it replied. A message sent longer ago than {@code whatsapp.service-window}
 * (WhatsApp's 24-hour customer service window) is recorded as skipped without a model call:
 * the Cloud API refuses free-form replies outside it. Calls are retried with backoff; what still
 * fails is recorded and rethrown, so the message goes to the dead-letter topic with the reason.
 * Graph API refusals are not retried ({@link GraphSendFailure}): a message refused for good is
 * recorded {@code undeliverable} with Meta's code; a refusal of the app itself (an expired
 * token) marks the app as needing attention ({@link AppHealth}), and its next messages are
 * recorded as skipped without model calls until the app is changed.
 */
@ApplicationScoped
public class ReplyService {

    private static final Logger LOG = Logger.getLogger(ReplyService.class);
    /** Longest quote of an earlier message put in front of a reply to it, in characters. */
    static final int MAX_QUOTE_CHARS = 300;
    /** Message states that are final: a redelivery of the message is not handled again. */
    private static final java.util.Set<String> DONE = java.util.Set.of("replied", "sending", "skipped", "undeliverable");

    private final AppRegistry apps;
    private final ConversationStore store;
    private final GatewayClient gateway;
    private final GraphApiClient graph;
    private final WorkerConfig config;
    private final MeterRegistry meters;
    private final AppHealth health;
    private final CustomerPacer pacer;
    private final ConversationLog view;

    public ReplyService(AppRegistry apps, ConversationStore store, GatewayClient gateway, GraphApiClient graph,
            WorkerConfig config, MeterRegistry meters, AppHealth health, CustomerPacer pacer, ConversationLog view) {
        this.view = view;
        this.health = health;
        this.pacer = pacer;
        this.apps = apps;
        this.store = store;
        this.gateway = gateway;
        this.graph = graph;
        this.config = config;
        this.meters = meters;
    }

    /** Answers the message, or skips it as described on the class; fails (for the dead-letter topic) only after retries. */
    public Uni<Void> handle(WhatsAppInboundMessage message) {
        WhatsAppApp app = apps.find(message.appId()).orElse(null);
        if (app == null) {
            LOG.warnf("message %s for unknown or deleted app %s dropped", message.messageId(), message.appId());
            meters.counter("whatsapp.replies", "outcome", "unknown_app").increment();
            return Uni.createFrom().voidItem();
        }
        return store.claim(message).chain(claim -> {
            if (DONE.contains(String.valueOf(claim.status()))) {
                meters.counter("whatsapp.replies", "outcome", "duplicate").increment();
                return Uni.createFrom().voidItem();
            }
            return reply(app, message, claim);
        });
    }

    private Uni<Void> reply(WhatsAppApp app, WhatsAppInboundMessage message, ConversationStore.Claim claim) {
        boolean forTheModel = message.text() != null && !message.text().isBlank();
        String described = forTheModel ? message.text() : "[" + message.type() + " message]";
        Instant sentAt = message.sentAt();
        if (sentAt != null && sentAt.isBefore(Instant.now().minus(config.serviceWindow()))) {
            // WhatsApp refuses free-form messages outside the window (error 131047): no model call, no send.
            return skip(claim, message, described, "outside_window",
                    "outside the customer service window: sent at " + sentAt + ", window " + config.serviceWindow());
        }
        var attention = health.needsAttention(app);
        if (attention.isPresent()) {
            // The Graph API refused the app itself: no model call for a reply that cannot be sent.
            return skip(claim, message, described, "skipped_app_needs_attention",
                    "the app needs attention (Graph API error " + attention.get().code() + "): " + attention.get().reason());
        }
        Uni<String> input = forTheModel ? withQuote(claim.conversationId(), message) : Uni.createFrom().item(described);
        return input.chain(inboundText -> {
            Uni<String> answer = forTheModel
                    ? store.history(claim.conversationId(), message.messageId(), config.historySize())
                            .chain(history -> retried(gateway.answer(app, history, inboundText)))
                    : Uni.createFrom().item(config.unsupportedMessageReply());
            return answer
                    .call(reply -> store.recordSending(claim.conversationId(), message, inboundText, reply))
                    .call(reply -> send(app, message, claim.conversationId(), reply)
                            .chain(outboundWamid -> store.recordReplied(claim.conversationId(), message.messageId(), reply, outboundWamid)))
                    .invoke(() -> {
                        view.inbound(message, claim.conversationId(), described, "replied", null, null);
                        health.sent(app);
                        meters.counter("whatsapp.replies", "outcome", "sent").increment();
                    })
                    .replaceWithVoid();
        }).onFailure(PartlySent.class).recoverWithUni(failure -> partlySent(app, message, claim, (PartlySent) failure)
                        .invoke(() -> view.inbound(message, claim.conversationId(), described, "replied", null,
                                "only part of the reply was sent: " + safe(app, failure.getCause().getMessage()))))
                .onFailure(ReplyService::final_).recoverWithUni(failure -> refused(app, message, claim.conversationId(), described,
                        (GraphSendFailure) failure))
                .onFailure().call(failure -> store.recordFailure(message.appId(), message.messageId(), safe(app, failure.getMessage()),
                        failure instanceof GraphSendFailure g ? g.code() : null)
                        .invoke(() -> {
                            view.inbound(message, claim.conversationId(), described, "failed",
                                    failure instanceof GraphSendFailure g ? g.code() : null, safe(app, failure.getMessage()));
                            meters.counter("whatsapp.replies", "outcome", "failed").increment();
                        }))
                .replaceWithVoid();
    }

    /**
     * Some parts of a reply went out before a later one failed: what the customer received is
     * recorded as the reply (so the history and quotes match it) and the message is done. Sending
     * it again, after a dead-letter replay or a redelivery, would repeat the parts already sent.
     */
    private Uni<Void> partlySent(WhatsAppApp app, WhatsAppInboundMessage message, ConversationStore.Claim claim, PartlySent failure) {
        LOG.warnf("message %s: %d part(s) of the reply sent, then: %s", message.messageId(), failure.parts.size(),
                safe(app, failure.getCause().getMessage()));
        meters.counter("whatsapp.replies", "outcome", "partly_sent").increment();
        health.sent(app);
        return store.recordReplied(claim.conversationId(), message.messageId(), String.join("\n", failure.parts), failure.firstId);
    }

    /** An error text without the app's access token (Graph may echo it; the class also strips Meta's token shape). */
    private static String safe(WhatsAppApp app, String text) {
        if (text == null) {
            return null;
        }
        String token = app.accessToken();
        return token == null || token.length() < 8 ? text : text.replace(token, "[redacted]");
    }

    /** A reply that failed after some of its parts were sent: the parts sent and the first one's WhatsApp id. */
    static final class PartlySent extends RuntimeException {
        private final List<String> parts;
        private final String firstId;

        PartlySent(List<String> parts, String firstId, Throwable cause) {
            super(cause.getMessage(), cause);
            this.parts = parts;
            this.firstId = firstId;
        }
    }

    /** Records the message as skipped for this reason, counts it under {@code outcome}, and tells the conversation view. */
    private Uni<Void> skip(ConversationStore.Claim claim, WhatsAppInboundMessage message, String described, String outcome,
            String why) {
        meters.counter("whatsapp.replies", "outcome", outcome).increment();
        return store.recordSkipped(claim.conversationId(), message, described, why)
                .invoke(() -> view.inbound(message, claim.conversationId(), described, "skipped", null, why));
    }

    /** A send the Graph API refused for good: not retried, and the message is not sent to the dead-letter topic. */
    private static boolean final_(Throwable failure) {
        return failure instanceof GraphSendFailure g && !g.retryable();
    }

    /**
     * Records a refused send: the message is {@code undeliverable} with Meta's code; when the app
     * itself was refused, the app needs attention and its next messages are skipped.
     */
    private Uni<Void> refused(WhatsAppApp app, WhatsAppInboundMessage message, UUID conversationId, String described,
            GraphSendFailure failure) {
        String reason = safe(app, failure.getMessage());
        if (failure.kind() == GraphSendFailure.Kind.APP) {
            health.markNeedsAttention(app, failure.code(), reason);
            meters.counter("whatsapp.replies", "outcome", "app_refused").increment();
            return store.recordFailure(message.appId(), message.messageId(), reason, failure.code())
                    .invoke(() -> view.inbound(message, conversationId, described, "failed", failure.code(), reason));
        }
        meters.counter("whatsapp.replies", "outcome", "undeliverable").increment();
        meters.counter("whatsapp.replies.undeliverable", "code", GraphSendFailure.codeTag(failure.code())).increment();
        return store.recordUndeliverable(message.appId(), message.messageId(), reason, failure.code())
                .invoke(() -> view.inbound(message, conversationId, described, "undeliverable", failure.code(), reason));
    }

    /**
     * The message as the model reads it: a reply to an earlier message starts with that message
     * quoted ({@code [replying to: "…"]}, at most {@link #MAX_QUOTE_CHARS} characters), or with
     * {@code [replying to an earlier message]} when it is not in the conversation's history.
     */
    private Uni<String> withQuote(UUID conversationId, WhatsAppInboundMessage message) {
        if (message.contextMessageId() == null) {
            return Uni.createFrom().item(message.text());
        }
        return store.messageText(conversationId, message.contextMessageId()).map(quoted -> {
            if (quoted == null) {
                return "[replying to an earlier message] " + message.text();
            }
            String cut = quoted.length() > MAX_QUOTE_CHARS ? GraphApiClient.firstPart(quoted, MAX_QUOTE_CHARS) + "…" : quoted;
            return "[replying to: \"" + cut + "\"] " + message.text();
        });
    }

    /**
     * Sends the reply in parts within WhatsApp's limit, addressed as {@link GraphApiClient#sendText}
     * says, each part recorded with its WhatsApp id (its delivery status follows from the status
     * webhooks); a reply to a message that itself replied to another is threaded to it
     * ({@code context}), so the customer sees which question it answers. Returns the first
     * part's WhatsApp id.
     */
    private Uni<String> send(WhatsAppApp app, WhatsAppInboundMessage message, UUID conversationId, String reply) {
        List<String> parts = GraphApiClient.split(reply, config.maxTextLength());
        String threadTo = message.contextMessageId() != null ? message.messageId() : null;
        List<String> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
        String[] firstId = new String[1];
        Uni<String> chain = Uni.createFrom().nullItem();
        for (int i = 0; i < parts.size(); i++) {
            String part = parts.get(i);
            int index = i;
            chain = chain.chain(previous -> sendPart(app, message, part, index == 0 ? threadTo : null)
                    .invoke(id -> {
                        sent.add(part);
                        if (index == 0) {
                            firstId[0] = id;
                        }
                    })
                    .call(id -> store.recordOutbound(conversationId, message.messageId(), index, id, part)
                            .invoke(() -> {
                                if (id != null) {
                                    view.outboundAccepted(message, conversationId, id, index, part);
                                }
                            }))
                    .map(id -> firstId[0]));
        }
        return chain.onFailure(failure -> !sent.isEmpty()).transform(failure -> new PartlySent(List.copyOf(sent), firstId[0], failure));
    }

    /**
     * One part, paced per customer ({@link CustomerPacer}); transient and rate-limit failures are
     * retried with backoff (after a pair rate limit, 131056, the customer's next slot is a full
     * pacing interval away), refusals are not.
     */
    private Uni<String> sendPart(WhatsAppApp app, WhatsAppInboundMessage message, String part, String threadTo) {
        String customer = message.conversationKey();
        return retried(Uni.createFrom().deferred(() -> pacer.acquire(customer)
                        .chain(() -> graph.sendText(app, message.from(), message.userId(), part, threadTo)))
                .onFailure(GraphSendFailure.class).invoke(failure -> {
                    if (Integer.valueOf(GraphSendFailure.PAIR_RATE_LIMIT).equals(((GraphSendFailure) failure).code())) {
                        pacer.backOff(customer);
                    }
                }));
    }

    /** The call retried with backoff; a send the Graph API refused for good is not retried. */
    private <T> Uni<T> retried(Uni<T> call) {
        return call.onFailure(failure -> !final_(failure)).retry()
                .withBackOff(config.retry().initialBackoff(), config.retry().maxBackoff())
                .atMost(config.retry().attempts() - 1L);
    }
}
