package ai.crafted.whatsapp.approval;

import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;

import ai.crafted.events.WhatsAppInboundMessage;
import ai.crafted.whatsapp.app.AppRegistry;
import ai.crafted.whatsapp.app.WhatsAppApp;
import ai.crafted.whatsapp.config.WorkerConfig;
import ai.crafted.whatsapp.reply.ApprovalConflict;
import ai.crafted.whatsapp.reply.ConversationDispatcher;
import ai.crafted.whatsapp.reply.ConversationStore;
import ai.crafted.whatsapp.reply.GatewayClient;
import ai.crafted.whatsapp.reply.GraphApiClient;
import ai.crafted.whatsapp.reply.ReplySender;

/**
 * Resumes a turn once every approval of it is decided: claims it ({@code waiting → resuming}, one
 * instance and one delivery only), sends the stored follow-up request to the gateway (which runs the
 * approved calls, tells the model about denied or expired ones, and answers), records the answer
 * ({@code sending}), sends it to the customer through the normal reply path ({@link ReplySender}:
 * paced, in parts, each part recorded and shown in the conversation view) and ends the turn
 * ({@code done}). Runs in the conversation's turn ({@link ConversationDispatcher}), so it never
 * interleaves with a reply to the same customer.
 *
 * <ul>
 * <li>{@code approval_pending} (not all decided after all): back to {@code waiting}.</li>
 * <li>{@code approval_already_used}, {@code approval_mismatch}, {@code approval_not_found}: the turn
 * can never be finished; the customer gets {@code whatsapp.approvals.failed-notice} and the turn is
 * {@code failed}. Never retried: the tool call ran at most once.</li>
 * <li>The gateway unreachable or failing after the reply retries: back to {@code waiting}, with the
 * reason; {@link PendingTurnSweep} tries again.</li>
 * <li>The gateway holds the turn again (the model asked for another approval): a new waiting turn,
 * and the customer is told again.</li>
 * <li>A send WhatsApp refused for good: {@code failed}; any other send failure: {@code parked} (the
 * customer may have part of it: never sent again on its own).</li>
 * </ul>
 */
@ApplicationScoped
public class TurnResumer {

    private static final Logger LOG = Logger.getLogger(TurnResumer.class);

    private final PendingTurnStore turns;
    private final ConversationStore conversations;
    private final GatewayClient gateway;
    private final ReplySender sender;
    private final AppRegistry apps;
    private final ConversationDispatcher dispatcher;
    private final WorkerConfig config;
    private final MeterRegistry meters;

    public TurnResumer(PendingTurnStore turns, ConversationStore conversations, GatewayClient gateway, ReplySender sender,
            AppRegistry apps, ConversationDispatcher dispatcher, WorkerConfig config, MeterRegistry meters) {
        this.turns = turns;
        this.conversations = conversations;
        this.gateway = gateway;
        this.sender = sender;
        this.apps = apps;
        this.dispatcher = dispatcher;
        this.config = config;
        this.meters = meters;
    }

    /**
     * Claims the turn if it is waiting and every approval of it is decided, then resumes it in the
     * conversation's turn. Completes once the claim is decided; the resume runs on.
     *
     * @return whether this call claimed the turn
     */
    public Uni<Boolean> resumeIfDecided(UUID turnId) {
        return turns.claim(turnId).map(claimed -> {
            claimed.ifPresent(this::startInOrder);
            return claimed.isPresent();
        });
    }

    /** Runs the claimed (or retaken) turn's resume after the conversation's earlier work. */
    void startInOrder(PendingTurn turn) {
        boolean started = dispatcher.trySubmit(turn.message().conversationKey(), () -> resume(turn)
                .onFailure().invoke(failure -> LOG.warnf("resuming turn %s failed: %s", turn.id(), failure.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid().subscribeAsCompletionStage());
        if (!started) {
            // Shutting down: handed back, the next instance or start picks it up.
            turns.backToWaiting(turn.id(), "not resumed: the worker was stopping").subscribe().with(ok -> { }, failure -> { });
        }
    }

    /** Resumes a turn this instance holds in {@code resuming}, as described on the class. */
    Uni<Void> resume(PendingTurn turn) {
        return apps.findCurrent(turn.appId()).chain(found -> {
            if (found.isEmpty()) {
                count("app_gone");
                LOG.warnf("turn %s of app %s not resumed: the app is deleted", turn.id(), turn.appId());
                return turns.end(turn.id(), "failed", "the app was deleted");
            }
            WhatsAppApp app = found.get();
            return sender.retried(gateway.resume(app, turn.resumeBody()))
                    .onItemOrFailure().transformToUni((answer, failure) -> failure == null ? answered(app, turn, answer)
                            : refused(app, turn, failure));
        });
    }

    private Uni<Void> answered(WhatsAppApp app, PendingTurn turn, GatewayClient.Answer answer) {
        if (answer.pending() != null) {
            UUID next = UUID.randomUUID();
            String notice = config.approvals().pendingNotice();
            return turns.holdAgain(turn, next, answer.pending(), notice).chain(taken -> {
                if (!taken) {
                    return Uni.createFrom().voidItem();
                }
                count("pending_again");
                LOG.infof("turn %s resumed and waits again for approvals %s (turn %s)", turn.id(), answer.pending().approvalIds(), next);
                return deliver(app, turn, notice).call(() -> resumeIfDecided(next));
            });
        }
        return turns.recordAnswer(turn.id(), answer.text(), null).chain(taken -> {
            if (!taken) {
                return Uni.createFrom().voidItem();
            }
            count("answered");
            return deliver(app, turn, answer.text());
        });
    }

    private Uni<Void> refused(WhatsAppApp app, PendingTurn turn, Throwable failure) {
        if (failure instanceof ApprovalConflict conflict && ApprovalConflict.PENDING.equals(conflict.code())) {
            count("still_pending");
            return turns.backToWaiting(turn.id(), conflict.code()).replaceWithVoid();
        }
        if (failure instanceof ApprovalConflict conflict) {
            count(conflict.code());
            LOG.warnf("turn %s cannot be resumed (%s): %s", turn.id(), conflict.code(), conflict.getMessage());
            String notice = config.approvals().failedNotice();
            return turns.recordAnswer(turn.id(), notice, conflict.code() + ": " + conflict.getMessage())
                    .chain(taken -> taken ? deliver(app, turn, notice) : Uni.createFrom().voidItem());
        }
        count("retry_later");
        LOG.warnf("turn %s not resumed now, tried again later: %s", turn.id(), failure.getMessage());
        return turns.backToWaiting(turn.id(), failure.getMessage()).replaceWithVoid();
    }

    /**
     * Sends the recorded answer of a turn in state {@code sending} and ends the turn. The answer
     * comes later than a reply would, so it is threaded to the customer's message ({@code context}):
     * the customer sees which request it answers.
     */
    private Uni<Void> deliver(WhatsAppApp app, PendingTurn turn, String text) {
        return sender.send(app, threaded(turn.message()), turn.conversationId(), text, Map.<Integer, String>of(), turn.outboundKey())
                .chain(outboundWamid -> turns.finish(turn, text, outboundWamid))
                .onFailure(ReplySender.PartlySent.class).recoverWithUni(failure -> {
                    ReplySender.PartlySent partly = (ReplySender.PartlySent) failure;
                    return turns.finish(turn, String.join("\n", partly.parts()), partly.firstId());
                })
                .onFailure(ReplySender::refusedForGood).recoverWithUni(failure -> turns.end(turn.id(), "failed",
                        "WhatsApp refused the answer: " + failure.getMessage()))
                .onFailure().recoverWithUni(failure -> turns.end(turn.id(), "parked",
                        "the answer could not be sent: " + failure.getMessage()));
    }

    /**
     * A turn left {@code sending} by a stopped worker (retaken by {@link PendingTurnSweep}): ended when
     * WhatsApp accepted every part of its answer, else parked (never sent again on its own: the
     * customer may have it).
     */
    Uni<Void> interrupted(PendingTurn turn) {
        if (turn.answer() == null) {
            return turns.end(turn.id(), "parked", "interrupted while sending, without a recorded answer");
        }
        int parts = GraphApiClient.split(turn.answer(), config.maxTextLength()).size();
        return conversations.acceptedParts(turn.appId(), turn.outboundKey()).chain(accepted -> {
            if (java.util.stream.IntStream.range(0, parts).allMatch(accepted::containsKey)) {
                count("interrupted_all_sent");
                return turns.finish(turn, turn.answer(), accepted.get(0));
            }
            count("parked");
            return turns.end(turn.id(), "parked", "interrupted while sending the answer: WhatsApp may or may not have it ("
                    + accepted.size() + " of " + parts + " parts accepted)");
        });
    }

    /** The message as one that replies to another, so {@link ReplySender} threads the answer to it. */
    private static WhatsAppInboundMessage threaded(WhatsAppInboundMessage m) {
        return m.contextMessageId() != null ? m : new WhatsAppInboundMessage(m.schemaVersion(), m.appId(), m.organizationId(),
                m.phoneNumberId(), m.from(), m.messageId(), m.type(), m.text(), m.receivedAt(), m.userId(), m.sentAt(), m.messageId());
    }

    private void count(String outcome) {
        meters.counter("whatsapp.approval.resumes", "outcome", outcome).increment();
    }
}
