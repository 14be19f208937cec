package ai.crafted.whatsapp.reply;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;

import ai.crafted.events.Topics;
import ai.crafted.events.WhatsAppInboundMessage;
import ai.crafted.events.WhatsAppOperatorActionEvent;
import ai.crafted.storeoutage.StoreOutage;
import ai.crafted.whatsapp.app.AppRegistry;
import ai.crafted.whatsapp.app.WhatsAppApp;

/**
 * Applies operators' decisions from the control panel ({@code whatsapp-operator-actions}) to
 * customers' messages that are {@code parked} (a reply interrupted while being sent) or
 * {@code failed}:
 * <ul>
 * <li>{@code retry}: the message is taken ({@code sending}, reported to the conversation view),
 * then its recorded reply is sent again, only the parts WhatsApp has not accepted
 * ({@link ReplyService#resend}), or, without a recorded reply, it is answered as usual
 * ({@link ReplyService#reply}); the result is recorded and reported as for any reply;</li>
 * <li>{@code mark_failed}: status {@code failed} with the reason {@value #MARKED_FAILED}.</li>
 * </ul>
 * Tenancy is checked again here, against the worker's own tables: the app must be the command's
 * organisation's, and the message that app's, in the command's conversation; anything else, and a
 * message in another state, is ignored (logged, counted as
 * {@code whatsapp_operator_actions_total{outcome="ignored_…"}}). A message found {@code sending} (a
 * retry interrupted by a stop, its command delivered again) is finished or parked as on a
 * redelivery ({@link ReplyService#interrupted}). Actions run in the conversation's turn
 * ({@link ConversationDispatcher}), so a retried answer and a new reply to the same customer never
 * interleave. The offset is committed after the work; a failure that was not recorded (the
 * database unreachable) sends the command to {@code whatsapp-operator-actions.whatsapp-worker.dlq}.
 */
@ApplicationScoped
public class OperatorActions {

    private static final Logger LOG = Logger.getLogger(OperatorActions.class);
    /** The reason recorded for a message an operator marked failed. */
    static final String MARKED_FAILED = "marked failed by an operator";
    /** The states an operator may act on. */
    private static final Set<String> ACTIONABLE = Set.of("parked", "failed");

    private final AppRegistry apps;
    private final ConversationStore store;
    private final ReplyService replies;
    private final ConversationLog view;
    private final ConversationDispatcher dispatcher;
    private final MeterRegistry meters;

    public OperatorActions(AppRegistry apps, ConversationStore store, ReplyService replies, ConversationLog view,
            ConversationDispatcher dispatcher, MeterRegistry meters) {
        this.apps = apps;
        this.store = store;
        this.replies = replies;
        this.view = view;
        this.dispatcher = dispatcher;
        this.meters = meters;
    }

    /** Applies one command, or ignores it as described on the class; completes once the result is recorded. */
    @Incoming(Topics.WHATSAPP_OPERATOR_ACTIONS)
    public Uni<Void> consume(WhatsAppOperatorActionEvent command) {
        // A database that cannot be reached right now is waited out, not a reason to dead-letter the record.
        return StoreOutage.retried(() -> apply(command), StoreOutage.CONSUMER_LIMIT);
    }

    private Uni<Void> apply(WhatsAppOperatorActionEvent command) {
        if (command == null || command.schemaVersion() != WhatsAppOperatorActionEvent.SCHEMA_VERSION || command.action() == null
                || command.organizationId() == null || command.appId() == null || command.conversationId() == null
                || command.wamid() == null) {
            LOG.warn("skipping a whatsapp-operator-actions record that is unreadable or of an unknown schema version");
            meters.counter("whatsapp.operator.actions", "action", "unknown", "outcome", "ignored_unreadable").increment();
            return Uni.createFrom().voidItem();
        }
        return apps.findCurrent(command.appId()).chain(current -> {
            WhatsAppApp app = current.orElse(null);
            if (app == null || !app.organizationId().equals(command.organizationId())) {
                return ignored(command, "ignored_unknown_app", "the organisation has no such app");
            }
            return apply(app, command);
        });
    }

    private Uni<Void> apply(WhatsAppApp app, WhatsAppOperatorActionEvent command) {
        return store.stored(command.appId(), command.wamid()).chain(found -> {
            if (!belongs(command, found)) {
                return ignored(command, "ignored_unknown_message", "the app has no such message in that conversation");
            }
            if (found.message() == null) {
                return ignored(command, "ignored_not_kept",
                        "the message was received before the worker kept messages for operators' actions");
            }
            // Read again in the conversation's turn: a reply or another action may have moved it meanwhile.
            return inOrder(found.message().conversationKey(), () -> store.stored(command.appId(), command.wamid())
                    .chain(current -> apply(app, command, current)));
        });
    }

    /** Whether the stored message is the command's: same organisation (the conversation's) and conversation. */
    private static boolean belongs(WhatsAppOperatorActionEvent command, ConversationStore.Stored found) {
        return found != null && command.organizationId().equals(found.organizationId())
                && command.conversationId().equals(found.conversationId())
                && (found.message() == null || command.organizationId().equals(found.message().organizationId()));
    }

    private Uni<Void> apply(WhatsAppApp app, WhatsAppOperatorActionEvent command, ConversationStore.Stored current) {
        if ("sending".equals(current.status())) {
            count(command, "interrupted");
            LOG.infof("operator action %s on message %s not applied: the message was being sent", command.eventId(),
                    command.wamid());
            return replies.interrupted(app, current.message(), current.conversationId(), current.reply());
        }
        if (!ACTIONABLE.contains(String.valueOf(current.status()))) {
            return ignored(command, "ignored_state", "the message is " + current.status() + ", not parked or failed");
        }
        return command.action() == WhatsAppOperatorActionEvent.Action.MARK_FAILED ? markFailed(command, current)
                : retry(app, command, current);
    }

    private Uni<Void> markFailed(WhatsAppOperatorActionEvent command, ConversationStore.Stored current) {
        WhatsAppInboundMessage message = current.message();
        return store.markFailed(command.appId(), command.wamid(), MARKED_FAILED).chain(marked -> {
            if (!marked) {
                return ignored(command, "ignored_state", "the message moved on before it could be marked failed");
            }
            LOG.infof("message %s of app %s marked failed by %s", command.wamid(), command.appId(), command.requestedBy());
            view.inbound(message, current.conversationId(), ReplyService.described(message), "failed", null, MARKED_FAILED);
            count(command, "applied");
            return Uni.createFrom().voidItem();
        });
    }

    private Uni<Void> retry(WhatsAppApp app, WhatsAppOperatorActionEvent command, ConversationStore.Stored current) {
        WhatsAppInboundMessage message = current.message();
        UUID conversationId = current.conversationId();
        return store.takeForRetry(command.appId(), command.wamid()).chain(taken -> {
            if (!taken) {
                return ignored(command, "ignored_state", "the message moved on before it could be retried");
            }
            LOG.infof("message %s of app %s retried by %s", command.wamid(), command.appId(), command.requestedBy());
            view.inbound(message, conversationId, ReplyService.described(message), "sending", null, null);
            count(command, "applied");
            Uni<Void> attempt = current.reply() != null ? replies.resend(app, message, conversationId, current.reply())
                    : replies.reply(app, message, conversationId);
            return attempt.onFailure().recoverWithUni(failure -> recordedOrRethrown(command, failure));
        });
    }

    /**
     * A retry that failed after its retries was recorded {@code failed} (the operator can try
     * again): done. Anything else (the record could not be written) goes to the dead-letter topic.
     */
    private Uni<Void> recordedOrRethrown(WhatsAppOperatorActionEvent command, Throwable failure) {
        return store.status(command.appId(), command.wamid()).chain(status -> {
            if ("failed".equals(status)) {
                LOG.warnf("operator's retry of message %s failed: %s", command.wamid(), failure.getMessage());
                return Uni.createFrom().voidItem();
            }
            return Uni.createFrom().failure(failure);
        });
    }

    /** Runs the work after the conversation's earlier replies and actions, and completes with it. */
    private Uni<Void> inOrder(String conversationKey, Supplier<Uni<Void>> work) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        dispatcher.submit(conversationKey, () -> Uni.createFrom().<Void>deferred(work::get).subscribeAsCompletionStage()
                .whenComplete((ok, failure) -> {
                    if (failure != null) {
                        done.completeExceptionally(failure);
                    } else {
                        done.complete(null);
                    }
                }));
        return Uni.createFrom().completionStage(done);
    }

    private Uni<Void> ignored(WhatsAppOperatorActionEvent command, String outcome, String why) {
        LOG.warnf("operator action %s (%s) on message %s of app %s, organisation %s, ignored: %s", command.eventId(),
                command.action().wireName(), command.wamid(), command.appId(), command.organizationId(), why);
        count(command, outcome);
        return Uni.createFrom().voidItem();
    }

    private void count(WhatsAppOperatorActionEvent command, String outcome) {
        meters.counter("whatsapp.operator.actions", "action", command.action().wireName(), "outcome", outcome).increment();
    }
}
