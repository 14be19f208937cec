package ai.crafted.whatsapp.reply;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

import ai.crafted.events.EventJson;
import ai.crafted.events.WhatsAppInboundMessage;

/**
 * The worker's own tables: conversations, their messages, and the per-message idempotency
 * record, keyed by app and WhatsApp message id (ids are unique per business phone number only). Plain SQL on the reactive pool: each step is one statement (writes that belong together
 * are one statement with a CTE, so they are atomic without a transaction round trip).
 */
@ApplicationScoped
public class ConversationStore {

    /** A turn of the conversation as the model sees it. */
    public record Turn(String role, String text) {
    }

    /** Where a message stands: null status means we have never seen it. */
    public record Claim(UUID conversationId, String status, String reply) {
    }

    /**
     * A customer's message as an operator's action finds it: its conversation and that
     * conversation's organisation, its status and recorded reply (or null), and the message as
     * the webhook published it (null when it was claimed before the worker kept messages).
     */
    public record Stored(UUID conversationId, UUID organizationId, String status, String reply, WhatsAppInboundMessage message) {
    }

    private final Pool pool;

    public ConversationStore(Pool pool) {
        this.pool = pool;
    }

    /**
     * Finds or creates the conversation and the message's record in one statement; returns the
     * record's state (status null: first time we see this message). The conversation is the one
     * with the customer's business-scoped user id, else the one with its phone number and no
     * other user id (a phone number that arrives with a new user id was recycled: it is taken off
     * the old conversation); an identifier the row lacks is added (a phone number only when no
     * other conversation of the app has it). Retried when a concurrent first message of the same
     * customer created the row. The message itself is kept with its record (also added to a record
     * of an older version that lacks it), so an operator's retry can answer it later.
     */
    public Uni<Claim> claim(WhatsAppInboundMessage message) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        String userId = message.userId() == null || message.userId().isBlank() ? null : message.userId();
        String phone = message.from() == null || message.from().isBlank() ? null : message.from();
        // A phone number now given with another user id than its conversation's was passed on to
        // a new user (WhatsApp recycles numbers): it leaves the old conversation first.
        Uni<Void> release = phone == null || userId == null ? Uni.createFrom().voidItem()
                : pool.preparedQuery("update conversations set customer_wa_id = null where app_id = $1 and customer_wa_id = $2"
                        + " and customer_user_id is not null and customer_user_id <> $3")
                        .execute(Tuple.of(message.appId(), phone, userId)).replaceWithVoid();
        return release.chain(() -> pool.preparedQuery("with found as (select id from conversations where app_id = $3"
                + " and (customer_user_id = $7::varchar or customer_wa_id = $4::varchar"
                + " and (customer_user_id is null or $7::varchar is null))"
                + " order by (customer_user_id = $7::varchar) desc nulls last limit 1),"
                + " upd as (update conversations c set updated_at = $5,"
                + " customer_user_id = coalesce(c.customer_user_id, $7::varchar),"
                + " customer_wa_id = coalesce(c.customer_wa_id, case when not exists (select 1 from conversations o"
                + " where o.app_id = $3 and o.customer_wa_id = $4::varchar) then $4::varchar end)"
                + " from found where c.id = found.id returning c.id),"
                + " ins as (insert into conversations (id, organization_id, app_id, customer_wa_id, customer_user_id,"
                + " created_at, updated_at) select $1, $2, $3, $4::varchar, $7::varchar, $5, $5"
                + " where not exists (select 1 from found) on conflict do nothing returning id),"
                + " c as (select id from upd union all select id from ins),"
                + " i as (insert into inbound_messages (app_id, wamid, conversation_id, status, updated_at, message)"
                + " select $3, $6, id, 'received', $5, $8 from c on conflict (app_id, wamid) do update"
                + " set message = excluded.message where inbound_messages.message is null)"
                + " select c.id, m.status, m.reply from c left join inbound_messages m on m.app_id = $3 and m.wamid = $6")
                .execute(Tuple.tuple(java.util.Arrays.asList(UUID.randomUUID(), message.organizationId(), message.appId(), phone,
                        now, message.messageId(), userId, EventJson.write(message))))
                .map(rows -> {
                    var found = rows.iterator();
                    if (!found.hasNext()) {
                        throw new IllegalStateException("the customer's conversation was created concurrently; claiming again");
                    }
                    Row row = found.next();
                    return new Claim(row.getUUID("id"), row.getString("status"), row.getString("reply"));
                }))
                .onFailure().retry().atMost(2);
    }

    /** The text of a message of the conversation by its WhatsApp id (either direction), or null. */
    public Uni<String> messageText(UUID conversationId, String wamid) {
        return pool.preparedQuery("select body from conversation_messages where conversation_id = $1 and wamid = $2")
                .execute(Tuple.of(conversationId, wamid))
                .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getString("body") : null);
    }

    /** Records the customer's message and why it is not answered (status {@code skipped}), in one statement. */
    public Uni<Void> recordSkipped(UUID conversationId, WhatsAppInboundMessage message, String inboundText, String reason) {
        return pool.preparedQuery("with m as (insert into conversation_messages (conversation_id, direction, wamid, body,"
                + " created_at) values ($1, 'inbound', $2, $3, $5) on conflict (conversation_id, wamid) do nothing)"
                + " update inbound_messages set status = 'skipped', last_error = $4, updated_at = $5"
                + " where app_id = (select app_id from conversations where id = $1) and wamid = $2")
                .execute(Tuple.of(conversationId, message.messageId(), inboundText, reason, OffsetDateTime.now(ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    /** The last {@code limit} turns before this message, oldest first. */
    public Uni<List<Turn>> history(UUID conversationId, String excludingWamid, int limit) {
        return pool.preparedQuery("select direction, body from (select id, direction, body from conversation_messages"
                + " where conversation_id = $1 and (wamid is null or wamid <> $2) order by id desc limit $3) recent order by id")
                .execute(Tuple.of(conversationId, excludingWamid, limit))
                .map(rows -> {
                    List<Turn> turns = new ArrayList<>();
                    for (Row row : rows) {
                        turns.add(new Turn(row.getString("direction").equals("inbound") ? "user" : "assistant",
                                row.getString("body")));
                    }
                    return turns;
                });
    }

    /** Records the customer's message and the reply before it is sent, in one statement. */
    public Uni<Void> recordSending(UUID conversationId, WhatsAppInboundMessage message, String inboundText, String reply) {
        return pool.preparedQuery("with m as (insert into conversation_messages (conversation_id, direction, wamid, body,"
                + " created_at) values ($1, 'inbound', $2, $3, $5) on conflict (conversation_id, wamid) do nothing)"
                + " update inbound_messages set status = 'sending', reply = $4, updated_at = $5"
                + " where app_id = (select app_id from conversations where id = $1) and wamid = $2")
                .execute(Tuple.of(conversationId, message.messageId(), inboundText, reply, OffsetDateTime.now(ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    /**
     * Stores the reply (with the id WhatsApp gave its first part, so a customer's reply to it can
     * be quoted; may be null) and marks the message answered, in one statement.
     */
    public Uni<Void> recordReplied(UUID conversationId, String wamid, String reply, String outboundWamid) {
        return pool.preparedQuery("with o as (insert into conversation_messages (conversation_id, direction, wamid, body,"
                + " created_at) values ($1, 'outbound', $5, $3, $4) on conflict (conversation_id, wamid) do nothing)"
                + " update inbound_messages set status = 'replied', updated_at = $4"
                + " where app_id = (select app_id from conversations where id = $1) and wamid = $2")
                .execute(Tuple.tuple(java.util.Arrays.asList(conversationId, wamid, reply, OffsetDateTime.now(ZoneOffset.UTC),
                        outboundWamid)))
                .replaceWithVoid();
    }

    /**
     * Records one part of a reply as sent (status {@code accepted}: WhatsApp took it; its status
     * webhooks move it on). A part sent twice (a retry whose first answer was lost) keeps its row.
     */
    public Uni<Void> recordOutbound(UUID conversationId, String inboundWamid, int part, String outboundWamid, String body) {
        if (outboundWamid == null) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery("insert into outbound_messages (app_id, wamid, conversation_id, inbound_wamid, part, status,"
                + " body, created_at) select app_id, $2, id, $3, $4, 'accepted', $6, $5 from conversations where id = $1"
                + " on conflict (app_id, wamid) do nothing")
                .execute(Tuple.of(conversationId, outboundWamid, inboundWamid, part, OffsetDateTime.now(ZoneOffset.UTC), body))
                .replaceWithVoid();
    }

    /**
     * The parts of the reply to a customer's message that WhatsApp accepted (each has a row, whatever
     * its delivery status now): part number to WhatsApp's id, the first one when a part went twice.
     */
    public Uni<Map<Integer, String>> acceptedParts(UUID appId, String inboundWamid) {
        return pool.preparedQuery("select part, wamid from outbound_messages where app_id = $1 and inbound_wamid = $2"
                + " order by created_at desc, wamid desc")
                .execute(Tuple.of(appId, inboundWamid))
                .map(rows -> {
                    Map<Integer, String> parts = new TreeMap<>();
                    rows.forEach(row -> parts.put(row.getInteger("part"), row.getString("wamid")));
                    return parts;
                });
    }

    /**
     * Parks a message that is still {@code sending} (its send was interrupted), with the reason;
     * false when it has moved on meanwhile (another worker instance finished it).
     */
    public Uni<Boolean> park(UUID appId, String wamid, String reason) {
        return pool.preparedQuery("update inbound_messages set status = 'parked', last_error = $3, error_code = null,"
                + " updated_at = $4 where app_id = $1 and wamid = $2 and status = 'sending'")
                .execute(Tuple.of(appId, wamid, reason, OffsetDateTime.now(ZoneOffset.UTC)))
                .map(rows -> rows.rowCount() == 1);
    }

    /** The app's message as an operator's action needs it, or null when the app has no such message. */
    public Uni<Stored> stored(UUID appId, String wamid) {
        return pool.preparedQuery("select m.conversation_id, c.organization_id, m.status, m.reply, m.message"
                + " from inbound_messages m join conversations c on c.id = m.conversation_id where m.app_id = $1 and m.wamid = $2")
                .execute(Tuple.of(appId, wamid))
                .map(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return null;
                    }
                    Row row = rows.iterator().next();
                    return new Stored(row.getUUID("conversation_id"), row.getUUID("organization_id"), row.getString("status"),
                            row.getString("reply"), message(row.getString("message")));
                });
    }

    private static WhatsAppInboundMessage message(String json) {
        if (json == null) {
            return null;
        }
        try {
            return EventJson.read(json, WhatsAppInboundMessage.class);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The message's status, or null when the app has no such message. */
    public Uni<String> status(UUID appId, String wamid) {
        return pool.preparedQuery("select status from inbound_messages where app_id = $1 and wamid = $2")
                .execute(Tuple.of(appId, wamid))
                .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getString("status") : null);
    }

    /**
     * Takes a {@code parked} or {@code failed} message for an operator's retry (status
     * {@code sending}, the recorded reply kept); false when it is in neither state any more.
     */
    public Uni<Boolean> takeForRetry(UUID appId, String wamid) {
        return pool.preparedQuery("update inbound_messages set status = 'sending', updated_at = $3"
                + " where app_id = $1 and wamid = $2 and status in ('parked', 'failed')")
                .execute(Tuple.of(appId, wamid, OffsetDateTime.now(ZoneOffset.UTC)))
                .map(rows -> rows.rowCount() == 1);
    }

    /**
     * Marks a {@code parked} or {@code failed} message failed for good with the reason; false
     * when it is in neither state any more.
     */
    public Uni<Boolean> markFailed(UUID appId, String wamid, String reason) {
        return pool.preparedQuery("update inbound_messages set status = 'failed', last_error = $3, error_code = null,"
                + " updated_at = $4 where app_id = $1 and wamid = $2 and status in ('parked', 'failed')")
                .execute(Tuple.of(appId, wamid, reason, OffsetDateTime.now(ZoneOffset.UTC)))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Marks the app's message undeliverable (refused for good by the Graph API) with the reason and Meta's code. */
    public Uni<Void> recordUndeliverable(UUID appId, String wamid, String reason, Integer errorCode) {
        return recordEnd(appId, wamid, "undeliverable", reason, errorCode);
    }

    /** Marks the app's message failed (one more attempt) with the reason and the Graph API's error code (may be null). */
    public Uni<Void> recordFailure(UUID appId, String wamid, String reason, Integer errorCode) {
        return recordEnd(appId, wamid, "failed", reason, errorCode);
    }

    private Uni<Void> recordEnd(UUID appId, String wamid, String status, String reason, Integer errorCode) {
        return pool.preparedQuery("update inbound_messages set status = $6, attempts = attempts + 1, last_error = $3,"
                + " error_code = $5, updated_at = $4 where app_id = $1 and wamid = $2")
                .execute(Tuple.tuple(java.util.Arrays.asList(appId, wamid, reason, OffsetDateTime.now(ZoneOffset.UTC), errorCode,
                        status)))
                .replaceWithVoid();
    }
}
