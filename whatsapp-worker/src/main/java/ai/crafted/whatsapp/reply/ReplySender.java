package ai.crafted.whatsapp.reply;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

import ai.crafted.events.WhatsAppInboundMessage;
import ai.crafted.whatsapp.app.WhatsAppApp;
import ai.crafted.whatsapp.config.WorkerConfig;

/**
 * Sends a recorded reply through the Graph API: in parts, paced per customer, each part retried
 * with backoff unless WhatsApp refused it for good, and each accepted part recorded
 * ({@code outbound_messages}) and reported to the conversation view. Also holds the retry policy
 * the gateway call shares ({@link #retried}).
 */
@ApplicationScoped
public class ReplySender {

    private final ConversationStore store;
    private final GraphApiClient graph;
    private final WorkerConfig config;
    private final CustomerPacer pacer;
    private final ConversationLog view;

    public ReplySender(ConversationStore store, GraphApiClient graph, WorkerConfig config, CustomerPacer pacer,
            ConversationLog view) {
        this.store = store;
        this.graph = graph;
        this.config = config;
        this.pacer = pacer;
        this.view = view;
    }

    /**
     * Sends the reply in parts within WhatsApp's limit, addressed as {@link GraphApiClient#sendText}
     * says, each part recorded with its WhatsApp id (its delivery status follows from the status
     * webhooks); a reply to a message that itself replied to another is threaded to it
     * ({@code context}), so the customer sees which question it answers. Parts in {@code accepted}
     * (part number to WhatsApp id: WhatsApp took them before) are not sent again. Returns the
     * first part's WhatsApp id.
     */
    Uni<String> send(WhatsAppApp app, WhatsAppInboundMessage message, UUID conversationId, String reply,
            Map<Integer, String> accepted) {
        return send(app, message, conversationId, reply, accepted, message.messageId());
    }

    /**
     * As {@link #send(WhatsAppApp, WhatsAppInboundMessage, UUID, String, Map)}, with each accepted part
     * recorded under {@code recordedAs} instead of the customer's message id (a later answer to the
     * same message, such as one that waited for approvals, keeps its parts apart from the first
     * reply's); the conversation view still links the parts to the customer's message.
     */
    public Uni<String> send(WhatsAppApp app, WhatsAppInboundMessage message, UUID conversationId, String reply,
            Map<Integer, String> accepted, String recordedAs) {
        List<String> parts = GraphApiClient.split(reply, config.maxTextLength());
        String threadTo = message.contextMessageId() != null ? message.messageId() : null;
        List<String> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
        String[] firstId = new String[1];
        Uni<String> chain = Uni.createFrom().nullItem();
        for (int i = 0; i < parts.size(); i++) {
            String part = parts.get(i);
            int index = i;
            if (accepted.containsKey(index)) {
                chain = chain.invoke(() -> {
                    sent.add(part);
                    if (index == 0) {
                        firstId[0] = accepted.get(0);
                    }
                }).map(previous -> firstId[0]);
                continue;
            }
            chain = chain.chain(previous -> sendPart(app, message, part, index == 0 ? threadTo : null)
                    .invoke(id -> {
                        sent.add(part);
                        if (index == 0) {
                            firstId[0] = id;
                        }
                    })
                    .call(id -> store.recordOutbound(conversationId, recordedAs, index, id, part)
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

    /**
     * The call retried with backoff; a send the Graph API refused for good and a resume the gateway
     * refused for its approvals ({@link ApprovalConflict}) are not retried.
     */
    public <T> Uni<T> retried(Uni<T> call) {
        return call.onFailure(failure -> !refusedForGood(failure) && !(failure instanceof ApprovalConflict)).retry()
                .withBackOff(config.retry().initialBackoff(), config.retry().maxBackoff())
                .atMost(config.retry().attempts() - 1L);
    }

    /** A send the Graph API refused for good: not retried, and the message is not sent to the dead-letter topic. */
    public static boolean refusedForGood(Throwable failure) {
        return failure instanceof GraphSendFailure g && !g.retryable();
    }

    /**
     * A reply that failed after some of its parts were sent (as the failure of {@link #send}): the
     * parts the customer received, in order, and the first one's WhatsApp id.
     */
    public static final class PartlySent extends RuntimeException {
        private final List<String> parts;
        private final String firstId;

        PartlySent(List<String> parts, String firstId, Throwable cause) {
            super(cause.getMessage(), cause);
            this.parts = parts;
            this.firstId = firstId;
        }

        public List<String> parts() {
            return parts;
        }

        public String firstId() {
            return firstId;
        }
    }
}
