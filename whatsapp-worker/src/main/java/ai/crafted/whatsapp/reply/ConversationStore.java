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
 * record. Plain SQL on the reactive pool: every statement is a single, explicit upsert or read.
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

    /** Finds or creates the conversation and the message's record; returns the record's state. */
    public Uni<Claim> claim(WhatsAppInboundMessage message) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return pool.withTransaction(c -> c.preparedQuery("insert into conversations (id, organization_id, app_id,"
                + " customer_wa_id, created_at, updated_at) values ($1, $2, $3, $4, $5, $5)"
                + " on conflict (app_id, customer_wa_id) do update set updated_at = excluded.updated_at returning id")
                .execute(Tuple.of(UUID.randomUUID(), message.organizationId(), message.appId(), message.from(), now))
                .map(rows -> rows.iterator().next().getUUID("id"))
                .chain(conversation -> c.preparedQuery("insert into inbound_messages (wamid, conversation_id, status,"
                        + " updated_at) values ($1, $2, 'received', $3) on conflict (wamid) do nothing")
                        .execute(Tuple.of(message.messageId(), conversation, now))
                        .chain(() -> c.preparedQuery("select status, reply from inbound_messages where wamid = $1 for update")
                                .execute(Tuple.of(message.messageId())))
                        .map(rows -> {
                            Row row = rows.iterator().next();
                            return new Claim(conversation, row.getString("status"), row.getString("reply"));
                        })));
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

    /** Records the reply before it is sent, with the customer's message, in one transaction. */
    public Uni<Void> recordSending(UUID conversationId, WhatsAppInboundMessage message, String inboundText, String reply) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return pool.withTransaction(c -> c.preparedQuery("insert into conversation_messages (conversation_id, direction,"
                + " wamid, body, created_at) values ($1, 'inbound', $2, $3, $4) on conflict (wamid) do nothing")
                .execute(Tuple.of(conversationId, message.messageId(), inboundText, now))
                .chain(() -> c.preparedQuery("update inbound_messages set status = 'sending', reply = $2, updated_at = $3"
                        + " where wamid = $1").execute(Tuple.of(message.messageId(), reply, now))))
                .replaceWithVoid();
    }

    public Uni<Void> recordReplied(UUID conversationId, String wamid, String reply) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return pool.withTransaction(c -> c.preparedQuery("insert into conversation_messages (conversation_id, direction,"
                + " body, created_at) values ($1, 'outbound', $2, $3)").execute(Tuple.of(conversationId, reply, now))
                .chain(() -> c.preparedQuery("update inbound_messages set status = 'replied', updated_at = $2 where wamid = $1")
                        .execute(Tuple.of(wamid, now))))
                .replaceWithVoid();
    }

    public Uni<Void> recordFailure(String wamid, String reason) {
        return pool.preparedQuery("update inbound_messages set status = 'failed', attempts = attempts + 1, last_error = $2,"
                + " updated_at = $3 where wamid = $1")
                .execute(Tuple.of(wamid, reason, OffsetDateTime.now(ZoneOffset.UTC))).replaceWithVoid();
    }
}
