package ai.crafted.whatsapp.approval;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

import ai.crafted.events.ApprovalUpdatedEvent;
import ai.crafted.events.EventJson;
import ai.crafted.events.WhatsAppInboundMessage;
import ai.crafted.whatsapp.reply.GatewayClient;

/**
 * The worker's tables for turns waiting for approvals ({@code pending_turns}) and the approvals'
 * latest states ({@code approval_states}). Plain SQL on the reactive pool, as
 * {@link ai.crafted.whatsapp.reply.ConversationStore}: writes that belong together are one
 * statement with CTEs, and every state change is a compare-and-set on the row's state, so two
 * instances (or a redelivered event) never both take a turn.
 */
@ApplicationScoped
public class PendingTurnStore {

    /** Approval statuses that let a turn resume: every approval of it decided one way or the other. */
    static final String DECIDED = "('" + ApprovalUpdatedEvent.APPROVED + "', '" + ApprovalUpdatedEvent.DENIED + "', '"
            + ApprovalUpdatedEvent.EXPIRED + "', '" + ApprovalUpdatedEvent.USED + "')";
    private static final String COLUMNS = "id, app_id, organization_id, conversation_id, message, approval_ids, resume_body,"
            + " state, answer, last_error";
    /** Whether every approval of turn {@code t} is decided, for the turn's organisation. */
    private static final String ALL_DECIDED = "(select count(*) from approval_states s where s.approval_id = any(t.approval_ids)"
            + " and s.organization_id = t.organization_id and s.status in " + DECIDED + ") = cardinality(t.approval_ids)";

    private final Pool pool;

    public PendingTurnStore(Pool pool) {
        this.pool = pool;
    }

    /**
     * Stores a new waiting turn for the customer's message and, in the same statement, records the
     * message with {@code notice} as its reply being sent ({@code inbound_messages} status
     * {@code sending}): from then on the message is handled like any reply (a redelivery never asks
     * the model again; the notice goes out once, see {@code ReplyService#interrupted}).
     */
    public Uni<Void> hold(UUID turnId, WhatsAppInboundMessage message, UUID conversationId, String inboundText,
            GatewayClient.Pending pending, String notice) {
        OffsetDateTime now = now();
        return pool.preparedQuery("with t as (insert into pending_turns (id, app_id, organization_id, conversation_id, customer,"
                + " inbound_wamid, message, approval_ids, resume_body, state, created_at, expires_at, updated_at)"
                + " values ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'waiting', $10, $11, $10) on conflict do nothing),"
                + " m as (insert into conversation_messages (conversation_id, direction, wamid, body, created_at)"
                + " values ($4, 'inbound', $6, $12, $10) on conflict (conversation_id, wamid) do nothing)"
                + " update inbound_messages set status = 'sending', reply = $13, updated_at = $10 where app_id = $2 and wamid = $6")
                .execute(Tuple.tuple(Arrays.asList(turnId, message.appId(), message.organizationId(), conversationId,
                        message.customer(), message.messageId(), EventJson.write(message),
                        pending.approvalIds().toArray(UUID[]::new), pending.resumeBody().encode(), now,
                        offset(pending.expiresAt()), inboundText, notice)))
                .replaceWithVoid();
    }

    /**
     * A resumed turn that the gateway holds again (the model asked for another approval): stores
     * the new waiting turn and, in the same statement, records {@code notice} as the resumed turn's
     * answer being sent; false when the resumed turn was no longer {@code resuming}.
     */
    public Uni<Boolean> holdAgain(PendingTurn resumed, UUID turnId, GatewayClient.Pending pending, String notice) {
        OffsetDateTime now = now();
        return pool.preparedQuery("with o as (update pending_turns set state = 'sending', answer = $5, updated_at = $3"
                + " where id = $1 and state = 'resuming' returning *),"
                + " t as (insert into pending_turns (id, app_id, organization_id, conversation_id, customer, inbound_wamid,"
                + " message, approval_ids, resume_body, state, created_at, expires_at, updated_at)"
                + " select $2, app_id, organization_id, conversation_id, customer, inbound_wamid, message, $6, $7, 'waiting',"
                + " $3, $4, $3 from o on conflict do nothing)"
                + " select count(*) as taken from o")
                .execute(Tuple.tuple(Arrays.asList(resumed.id(), turnId, now, offset(pending.expiresAt()), notice,
                        pending.approvalIds().toArray(UUID[]::new), pending.resumeBody().encode())))
                .map(rows -> rows.iterator().next().getLong("taken") == 1);
    }

    /**
     * Records an approval's state when it is newer than the one held, and returns the waiting turns
     * that include it.
     */
    public Uni<List<UUID>> recordState(ApprovalUpdatedEvent event) {
        return pool.preparedQuery("with s as (insert into approval_states (approval_id, organization_id, conversation, status,"
                + " version, updated_at) values ($1, $2, $3, $4, $5, $6) on conflict (approval_id) do update"
                + " set status = excluded.status, version = excluded.version, updated_at = excluded.updated_at"
                + " where approval_states.version < excluded.version)"
                + " select id from pending_turns where approval_ids @> array[$1]::uuid[] and state = 'waiting'")
                .execute(Tuple.tuple(Arrays.asList(event.approvalId(), event.organizationId(), event.conversation(),
                        event.status(), event.version(), now())))
                .map(rows -> {
                    List<UUID> ids = new ArrayList<>();
                    rows.forEach(row -> ids.add(row.getUUID("id")));
                    return ids;
                });
    }

    /**
     * Takes a waiting turn whose approvals are all decided (state {@code resuming}); empty when it is
     * not waiting (another instance or delivery took it) or not every approval is decided yet.
     */
    public Uni<Optional<PendingTurn>> claim(UUID turnId) {
        return pool.preparedQuery("update pending_turns t set state = 'resuming', attempts = attempts + 1, updated_at = $2"
                + " where t.id = $1 and t.state = 'waiting' and " + ALL_DECIDED + " returning " + COLUMNS)
                .execute(Tuple.of(turnId, now()))
                .map(PendingTurnStore::first);
    }

    /**
     * Takes again a turn left {@code resuming} or {@code sending} since before {@code leftBefore} (a
     * worker stopped while working on it), by moving its {@code updated_at}; empty when it moved on.
     */
    public Uni<Optional<PendingTurn>> retake(UUID turnId, String state, Instant leftBefore) {
        return pool.preparedQuery("update pending_turns set attempts = attempts + 1, updated_at = $3"
                + " where id = $1 and state = $2 and updated_at < $4 returning " + COLUMNS)
                .execute(Tuple.of(turnId, state, now(), offset(leftBefore)))
                .map(PendingTurnStore::first);
    }

    /** Turns to pick up: waiting with every approval decided, or resuming or sending since before {@code leftBefore}. */
    public Uni<List<Open>> toPickUp(Instant leftBefore, int limit) {
        return pool.preparedQuery("select id, state from pending_turns t where (t.state = 'waiting' and " + ALL_DECIDED + ")"
                + " or (t.state in ('resuming', 'sending') and t.updated_at < $1) order by t.updated_at limit $2")
                .execute(Tuple.of(offset(leftBefore), limit))
                .map(rows -> {
                    List<Open> open = new ArrayList<>();
                    rows.forEach(row -> open.add(new Open(row.getUUID("id"), row.getString("state"))));
                    return open;
                });
    }

    /** A turn {@link #toPickUp} found, and its state then. */
    public record Open(UUID id, String state) {
    }

    /** Puts a resuming turn back to waiting (not all decided yet, or the gateway could not be reached), with why. */
    public Uni<Boolean> backToWaiting(UUID turnId, String why) {
        return pool.preparedQuery("update pending_turns set state = 'waiting', last_error = $3, updated_at = $2"
                + " where id = $1 and state = 'resuming'")
                .execute(Tuple.of(turnId, now(), why))
                .map(rows -> rows.rowCount() == 1);
    }

    /**
     * Records what is about to be sent to the customer for a resuming turn (state {@code sending});
     * {@code failure} is set when the turn cannot be finished and {@code answer} says so. False when
     * the turn was no longer {@code resuming}.
     */
    public Uni<Boolean> recordAnswer(UUID turnId, String answer, String failure) {
        return pool.preparedQuery("update pending_turns set state = 'sending', answer = $3, last_error = $4, updated_at = $2"
                + " where id = $1 and state = 'resuming'")
                .execute(Tuple.tuple(Arrays.asList(turnId, now(), answer, failure)))
                .map(rows -> rows.rowCount() == 1);
    }

    /**
     * Stores the sent answer in the conversation (with WhatsApp's id of its first part; may be
     * null) and ends the turn, in one statement: {@code failed} when a failure was recorded with the
     * answer, else {@code done}.
     */
    public Uni<Void> finish(PendingTurn turn, String sent, String outboundWamid) {
        OffsetDateTime now = now();
        return pool.preparedQuery("with o as (insert into conversation_messages (conversation_id, direction, wamid, body,"
                + " created_at) values ($2, 'outbound', $3, $4, $5) on conflict (conversation_id, wamid) do nothing)"
                + " update pending_turns set state = case when last_error is null then 'done' else 'failed' end,"
                + " updated_at = $5 where id = $1 and state = 'sending'")
                .execute(Tuple.tuple(Arrays.asList(turn.id(), turn.conversationId(), outboundWamid, sent, now)))
                .replaceWithVoid();
    }

    /** Ends a turn in {@code failed} or {@code parked} with the reason. */
    public Uni<Void> end(UUID turnId, String state, String reason) {
        return pool.preparedQuery("update pending_turns set state = $3, last_error = $4, updated_at = $2 where id = $1")
                .execute(Tuple.of(turnId, now(), state, reason))
                .replaceWithVoid();
    }

    private static Optional<PendingTurn> first(RowSet<Row> rows) {
        var found = rows.iterator();
        if (!found.hasNext()) {
            return Optional.empty();
        }
        Row row = found.next();
        return Optional.of(new PendingTurn(row.getUUID("id"), row.getUUID("app_id"), row.getUUID("organization_id"),
                row.getUUID("conversation_id"), EventJson.read(row.getString("message"), WhatsAppInboundMessage.class),
                List.of(row.getArrayOfUUIDs("approval_ids")), new JsonObject(row.getString("resume_body")),
                row.getString("state"), row.getString("answer"), row.getString("last_error")));
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    private static OffsetDateTime offset(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
