package ai.crafted.whatsapp.reply;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

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

    private final Pool pool;

    public ConversationStore(Pool pool) {
        this.pool = pool;
    }

    /**
     * Finds or creates the conversation and the message's record in one statement; returns the
     * record's state (status null: first time we see this message).
     */
    public Uni<Claim> claim(WhatsAppInboundMessage message) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return pool.preparedQuery("with c as (insert into conversations (id, organization_id, app_id, customer_wa_id,"
                + " created_at, updated_at) values ($1, $2, $3, $4, $5, $5) on conflict (app_id, customer_wa_id)"
                + " do update set updated_at = excluded.updated_at returning id),"
                + " i as (insert into inbound_messages (app_id, wamid, conversation_id, status, updated_at)"
                + " select $3, $6, id, 'received', $5 from c on conflict (app_id, wamid) do nothing)"
                + " select c.id, m.status, m.reply from c left join inbound_messages m on m.app_id = $3 and m.wamid = $6")
                .execute(Tuple.tuple(List.of(UUID.randomUUID(), message.organizationId(), message.appId(), message.from(), now,
                        message.messageId())))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new Claim(row.getUUID("id"), row.getString("status"), row.getString("reply"));
                });
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
                + " where conversation_id = $1 and wamid = $2")
                .execute(Tuple.of(conversationId, message.messageId(), inboundText, reply, OffsetDateTime.now(ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    /** Stores the reply and marks the message answered, in one statement. */
    public Uni<Void> recordReplied(UUID conversationId, String wamid, String reply) {
        return pool.preparedQuery("with o as (insert into conversation_messages (conversation_id, direction, body, created_at)"
                + " values ($1, 'outbound', $3, $4)) update inbound_messages set status = 'replied', updated_at = $4"
                + " where conversation_id = $1 and wamid = $2")
                .execute(Tuple.of(conversationId, wamid, reply, OffsetDateTime.now(ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    /** Marks the app's message failed (one more attempt) with the reason. */
    public Uni<Void> recordFailure(UUID appId, String wamid, String reason) {
        return pool.preparedQuery("update inbound_messages set status = 'failed', attempts = attempts + 1, last_error = $3,"
                + " updated_at = $4 where app_id = $1 and wamid = $2")
                .execute(Tuple.of(appId, wamid, reason, OffsetDateTime.now(ZoneOffset.UTC))).replaceWithVoid();
    }
}
