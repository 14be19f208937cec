package ai.crafted.whatsapp.reply;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;

import ai.crafted.events.WhatsAppInboundMessage;
import ai.crafted.storeoutage.StoreOutage;
import ai.crafted.whatsapp.app.AppHealth;
import ai.crafted.whatsapp.app.AppRegistry;
import ai.crafted.whatsapp.app.WhatsAppApp;
import ai.crafted.whatsapp.approval.PendingTurnStore;
import ai.crafted.whatsapp.approval.TurnResumer;
import ai.crafted.whatsapp.config.WorkerConfig;

/**
 * Answers one inbound message exactly once: claim it (a message already answered, skipped or
 * parked is not handled again; one whose reply was being sent when a worker stopped is never sent
 * again on its own, see {@link #interrupted}), ask the gateway, record the reply, send it
 * ({@link ReplySender}), mark it replied. A message sent longer ago than {@code whatsapp.service-window}
 * (WhatsApp's 24-hour customer service window) is recorded as skipped without a model call:
 * the Cloud API refuses free-form replies outside it. Calls are retried with backoff; what still
 * fails is recorded and rethrown, so the message goes to the dead-letter topic with the reason.
 * Graph API refusals are not retried ({@link GraphSendFailure}): a message refused for good is
 * recorded {@code undeliverable} with Meta's code; a refusal of the app itself (an expired
 * token) marks the app as needing attention ({@link AppHealth}), and its next messages are
 * recorded as skipped without model calls until the app is changed. When the gateway holds the
 * turn for a person's approval of a tool call, the turn is stored and the customer is told so
 * ({@code whatsapp.approvals.pending-notice}) as the message's reply; the answer follows from
 * {@link TurnResumer} once the approvals are decided.
 */
@ApplicationScoped
public class ReplyService {

    private static final Logger LOG = Logger.getLogger(ReplyService.class);
    /** Longest quote of an earlier message put in front of a reply to it, in characters. */
    static final int MAX_QUOTE_CHARS = 300;
    /**
     * Message states a redelivery does not handle again: final ones, and {@code parked} (waiting
     * for an operator). {@code sending} is not among them: see {@link #interrupted}.
     */
    private static final java.util.Set<String> DONE = java.util.Set.of("replied", "skipped", "undeliverable", "parked");
    /** Why a message is parked (its reply was interrupted while being sent). */
    static final String PARKED_REASON = "interrupted while sending: WhatsApp may or may not have received the reply;"
            + " retry or mark failed";

    private final AppRegistry apps;
    private final ConversationStore store;
    private final GatewayClient gateway;
    private final ReplySender sender;
    private final WorkerConfig config;
    private final MeterRegistry meters;
    private final AppHealth health;
    private final ConversationLog view;
    private final PendingTurnStore pendingTurns;
    private final TurnResumer resumer;

    public ReplyService(AppRegistry apps, ConversationStore store, GatewayClient gateway, ReplySender sender,
            WorkerConfig config, MeterRegistry meters, AppHealth health, ConversationLog view, PendingTurnStore pendingTurns,
            TurnResumer resumer) {
        this.pendingTurns = pendingTurns;
        this.resumer = resumer;
        this.view = view;
        this.health = health;
        this.apps = apps;
        this.store = store;
        this.gateway = gateway;
        this.sender = sender;
        this.config = config;
        this.meters = meters;
    }

    /**
     * Answers the message, or skips it as described on the class; fails (for the dead-letter
     * topic) only after retries. While the worker's database cannot be reached ({@link StoreOutage}:
     * PostgreSQL restarting, connections dropped or refused) the whole handling is tried again with
     * backoff for up to {@code whatsapp.retry.store-outage} (default 2 min): every step is
     * idempotent (a message already answered is not answered again, one whose reply may be on its
     * way is parked), and a message must not land on the dead-letter topic for an outage.
     */
    public Uni<Void> handle(WhatsAppInboundMessage message) {
        return StoreOutage.retried(() -> handleOnce(message), config.retry().storeOutage());
    }

    private Uni<Void> handleOnce(WhatsAppInboundMessage message) {
        return apps.findCurrent(message.appId()).chain(found -> {
            if (found.isEmpty()) {
                LOG.warnf("message %s for unknown or deleted app %s dropped", message.messageId(), message.appId());
                meters.counter("whatsapp.replies", "outcome", "unknown_app").increment();
                return Uni.createFrom().voidItem();
            }
            return handleOnce(found.get(), message);
        });
    }

    private Uni<Void> handleOnce(WhatsAppApp app, WhatsAppInboundMessage message) {
        return store.claim(message).chain(claim -> {
            if ("sending".equals(claim.status())) {
                return interrupted(app, message, claim.conversationId(), claim.reply());
            }
            if (DONE.contains(String.valueOf(claim.status()))) {
                meters.counter("whatsapp.replies", "outcome", "duplicate").increment();
                return Uni.createFrom().voidItem();
            }
            return reply(app, message, claim.conversationId());
        });
    }

    /**
     * A message found {@code sending}: a worker stopped (or lost its partitions) after recording
     * the reply and before marking it replied, and the message came back (a redelivery, or an
     * operator's command delivered again). Nothing is sent on its own, since WhatsApp has no
     * idempotency key and the customer may already have the reply: when WhatsApp accepted every
     * part of the recorded reply ({@code outbound_messages}), the message is finished as
     * {@code replied}; otherwise it is {@code parked} with {@link #PARKED_REASON} until an operator
     * retries it or marks it failed ({@link OperatorActions}), and the conversation view hears
     * so. A {@code sending} message without a recorded reply was taken for a retry that stopped
     * before its answer was recorded, so nothing can have been sent: it is answered as usual.
     * If another instance is in fact still sending it, parking is harmless: that instance's
     * final state replaces {@code parked}.
     */
    Uni<Void> interrupted(WhatsAppApp app, WhatsAppInboundMessage message, UUID conversationId, String reply) {
        if (reply == null) {
            return reply(app, message, conversationId);
        }
        String described = described(message);
        List<String> parts = GraphApiClient.split(reply, config.maxTextLength());
        return store.acceptedParts(message.appId(), message.messageId()).chain(accepted -> {
            if (java.util.stream.IntStream.range(0, parts.size()).allMatch(accepted::containsKey)) {
                return store.recordReplied(conversationId, message.messageId(), reply, accepted.get(0)).invoke(() -> {
                    LOG.infof("message %s: interrupted while sending, but WhatsApp had accepted every part; replied",
                            message.messageId());
                    view.inbound(message, conversationId, described, "replied", null, null);
                    meters.counter("whatsapp.replies", "outcome", "interrupted_all_sent").increment();
                });
            }
            String reason = accepted.isEmpty() ? PARKED_REASON
                    : PARKED_REASON + " (" + accepted.size() + " of " + parts.size() + " parts accepted; a retry sends the others)";
            return store.park(message.appId(), message.messageId(), reason).invoke(parked -> {
                if (parked) {
                    LOG.warnf("message %s of app %s parked: %s", message.messageId(), message.appId(), reason);
                    view.inbound(message, conversationId, described, "parked", null, reason);
                    meters.counter("whatsapp.replies", "outcome", "parked").increment();
                } else {
                    meters.counter("whatsapp.replies", "outcome", "duplicate").increment();
                }
            }).replaceWithVoid();
        });
    }

    /**
     * An operator's retry of a message whose reply was recorded: sends the parts WhatsApp has not
     * accepted yet (all of them when none was), then records it as {@link #handle} does a reply
     * (replied, partly sent, undeliverable, app refused, or failed after retries, which fails the
     * returned Uni after recording it).
     */
    Uni<Void> resend(WhatsAppApp app, WhatsAppInboundMessage message, UUID conversationId, String reply) {
        String described = described(message);
        return finish(app, message, conversationId, described, store.acceptedParts(message.appId(), message.messageId())
                .chain(accepted -> sender.send(app, message, conversationId, reply, accepted))
                .chain(outboundWamid -> store.recordReplied(conversationId, message.messageId(), reply, outboundWamid))
                .invoke(() -> replied(app, message, conversationId, described)));
    }

    /** What the conversation view shows for the customer's message: its text, or its type when it has none. */
    static String described(WhatsAppInboundMessage message) {
        boolean forTheModel = message.text() != null && !message.text().isBlank();
        return forTheModel ? message.text() : "[" + message.type() + " message]";
    }

    /**
     * Answers the message as described on the class (an operator's retry of a message without a
     * recorded reply comes here too); fails after recording a failure.
     */
    Uni<Void> reply(WhatsAppApp app, WhatsAppInboundMessage message, UUID conversationId) {
        boolean forTheModel = message.text() != null && !message.text().isBlank();
        String described = described(message);
        Instant sentAt = message.sentAt();
        if (sentAt != null && sentAt.isBefore(Instant.now().minus(config.serviceWindow()))) {
            // WhatsApp refuses free-form messages outside the window (error 131047): no model call, no send.
            return skip(conversationId, message, described, "outside_window",
                    "outside the customer service window: sent at " + sentAt + ", window " + config.serviceWindow());
        }
        var attention = health.needsAttention(app);
        if (attention.isPresent()) {
            // The Graph API refused the app itself: no model call for a reply that cannot be sent.
            return skip(conversationId, message, described, "skipped_app_needs_attention",
                    "the app needs attention (Graph API error " + attention.get().code() + "): " + attention.get().reason());
        }
        Uni<String> input = forTheModel ? withQuote(conversationId, message) : Uni.createFrom().item(described);
        return input.chain(inboundText -> {
            Uni<GatewayClient.Answer> answer = forTheModel
                    ? store.history(conversationId, message.messageId(), config.historySize())
                            .chain(history -> sender.retried(gateway.answer(app, conversationId, history, inboundText)))
                    : Uni.createFrom().item(GatewayClient.Answer.of(config.unsupportedMessageReply()));
            UUID turnId = UUID.randomUUID();
            java.util.concurrent.atomic.AtomicBoolean waits = new java.util.concurrent.atomic.AtomicBoolean();
            return answer
                    .chain(found -> found.pending() == null
                            ? store.recordSending(conversationId, message, inboundText, found.text()).replaceWith(found)
                            : held(message, conversationId, inboundText, turnId, found.pending()).invoke(() -> waits.set(true))
                                    .replaceWith(found))
                    .map(found -> found.pending() == null ? found.text() : config.approvals().pendingNotice())
                    .call(reply -> sender.send(app, message, conversationId, reply, Map.of())
                            .chain(outboundWamid -> store.recordReplied(conversationId, message.messageId(), reply, outboundWamid)))
                    .invoke(() -> replied(app, message, conversationId, described))
                    .replaceWithVoid()
                    .call(() -> waits.get() ? resumeIfAlreadyDecided(turnId) : Uni.createFrom().voidItem());
        }).plug(attempt -> finish(app, message, conversationId, described, attempt));
    }

    /**
     * The gateway holds the turn until people decide on the model's tool calls: the turn is stored
     * ({@link PendingTurnStore#hold}, which also records {@code whatsapp.approvals.pending-notice} as
     * the message's reply being sent, in the same statement), and the notice then goes out as any
     * reply does. The answer follows when the approvals are decided ({@link TurnResumer}).
     */
    private Uni<Void> held(WhatsAppInboundMessage message, UUID conversationId, String inboundText, UUID turnId,
            GatewayClient.Pending pending) {
        LOG.infof("message %s waits for approvals %s (turn %s)", message.messageId(), pending.approvalIds(), turnId);
        meters.counter("whatsapp.replies", "outcome", "awaiting_approval").increment();
        return pendingTurns.hold(turnId, message, conversationId, inboundText, pending, config.approvals().pendingNotice());
    }

    /** A decision may have arrived before the turn was stored: then it resumes now (a no-op for a turn that was never stored). */
    private Uni<Void> resumeIfAlreadyDecided(UUID turnId) {
        return resumer.resumeIfDecided(turnId).onFailure().recoverWithItem(false).replaceWithVoid();
    }

    private void replied(WhatsAppApp app, WhatsAppInboundMessage message, UUID conversationId, String described) {
        view.inbound(message, conversationId, described, "replied", null, null);
        health.sent(app);
        meters.counter("whatsapp.replies", "outcome", "sent").increment();
    }

    /**
     * Records how an attempt to reply ended when it did not simply succeed: partly sent (done),
     * refused for good (undeliverable, or the app refused), or failed after retries (recorded,
     * then the failure goes on, for the dead-letter topic).
     */
    private Uni<Void> finish(WhatsAppApp app, WhatsAppInboundMessage message, UUID conversationId, String described,
            Uni<Void> attempt) {
        return attempt.onFailure(ReplySender.PartlySent.class).recoverWithUni(failure -> partlySent(app, message, conversationId,
                        (ReplySender.PartlySent) failure)
                        .invoke(() -> view.inbound(message, conversationId, described, "replied", null,
                                "only part of the reply was sent: " + safe(app, failure.getCause().getMessage()))))
                .onFailure(ReplySender::refusedForGood).recoverWithUni(failure -> refused(app, message, conversationId, described,
                        (GraphSendFailure) failure))
                // An outage is not the message's failure: recording one would turn a message whose
                // reply may already be with WhatsApp ("sending") into "failed", which the next
                // attempt answers again. Left as it is, the next attempt (StoreOutage's retry, a
                // dead-letter replay) sees the true state: sending → finished or parked.
                .onFailure(failure -> !StoreOutage.is(failure)).call(failure -> store.recordFailure(message.appId(), message.messageId(), safe(app, failure.getMessage()),
                        failure instanceof GraphSendFailure g ? g.code() : null)
                        .invoke(() -> {
                            view.inbound(message, conversationId, described, "failed",
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
    private Uni<Void> partlySent(WhatsAppApp app, WhatsAppInboundMessage message, UUID conversationId,
            ReplySender.PartlySent failure) {
        LOG.warnf("message %s: %d part(s) of the reply sent, then: %s", message.messageId(), failure.parts().size(),
                safe(app, failure.getCause().getMessage()));
        meters.counter("whatsapp.replies", "outcome", "partly_sent").increment();
        health.sent(app);
        return store.recordReplied(conversationId, message.messageId(), String.join("\n", failure.parts()), failure.firstId());
    }

    /** An error text without the app's access token (Graph may echo it; the class also strips Meta's token shape). */
    private static String safe(WhatsAppApp app, String text) {
        if (text == null) {
            return null;
        }
        String token = app.accessToken();
        return token == null || token.length() < 8 ? text : text.replace(token, "[redacted]");
    }

    /** Records the message as skipped for this reason, counts it under {@code outcome}, and tells the conversation view. */
    private Uni<Void> skip(UUID conversationId, WhatsAppInboundMessage message, String described, String outcome,
            String why) {
        meters.counter("whatsapp.replies", "outcome", outcome).increment();
        return store.recordSkipped(conversationId, message, described, why)
                .invoke(() -> view.inbound(message, conversationId, described, "skipped", null, why));
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
}
