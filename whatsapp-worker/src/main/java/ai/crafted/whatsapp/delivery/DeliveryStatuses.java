package ai.crafted.whatsapp.delivery;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

import static ai.crafted.events.WhatsAppConversationMessageEvent.outboundRank;

import ai.crafted.events.WhatsAppConversationMessageEvent;
import ai.crafted.whatsapp.reply.ConversationLog;
import ai.crafted.whatsapp.reply.GraphSendFailure;

/**
 * Stores the delivery statuses WhatsApp reports for the worker's sent messages
 * ({@code outbound_messages}), in one statement per delivery. Statuses arrive at least once and
 * out of order: a row only moves forward ({@code accepted} → {@code sent} → {@code delivered} →
 * {@code read}); {@code failed}, with Meta's error code and title, replaces any of them. A status
 * for a message the worker did not send (another system on the same number) changes nothing.
 * Counted per status ({@code whatsapp_delivery_statuses_total{status}}) and, for failures, per
 * error code ({@code whatsapp_delivery_failures_total{code}}), only when a sent message moved.
 * A status that arrives before its message's row was written (within milliseconds of the send)
 * is lost; a later status of the same message still applies. Each move is told to the
 * conversation view ({@link ConversationLog}).
 */
@ApplicationScoped
public class DeliveryStatuses {


    private final Pool pool;
    private final MeterRegistry meters;
    private final ConversationLog view;

    public DeliveryStatuses(Pool pool, MeterRegistry meters, ConversationLog view) {
        this.pool = pool;
        this.meters = meters;
        this.view = view;
    }

    /** Applies the app's statuses; completes when they are stored. */
    public Uni<Void> apply(UUID appId, List<DeliveryStatus> statuses) {
        // The furthest status of each message in this delivery (an update takes one source row per target).
        java.util.Map<String, DeliveryStatus> furthest = new java.util.LinkedHashMap<>();
        for (DeliveryStatus status : statuses) {
            // sent, delivered, read, failed: the statuses WhatsApp documents for sent messages.
            if (status.wamid() != null && outboundRank(status.status()) > 0) {
                furthest.merge(status.wamid(), status, (a, b) -> outboundRank(b.status()) >= outboundRank(a.status()) ? b : a);
            }
        }
        List<String> wamids = new ArrayList<>();
        List<String> states = new ArrayList<>();
        List<OffsetDateTime> times = new ArrayList<>();
        List<Integer> codes = new ArrayList<>();
        List<String> titles = new ArrayList<>();
        for (DeliveryStatus status : furthest.values()) {
            wamids.add(status.wamid());
            states.add(status.status());
            times.add(status.at() == null ? OffsetDateTime.now(ZoneOffset.UTC) : status.at().atOffset(ZoneOffset.UTC));
            codes.add(status.code());
            titles.add(status.title());
        }
        if (wamids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery("update outbound_messages o set status = s.status, status_at = s.at,"
                + " error_code = coalesce(s.code, o.error_code), error_title = coalesce(s.title, o.error_title)"
                + " from unnest($2::varchar[], $3::varchar[], $4::timestamptz[], $5::int[], $6::text[]) as s(wamid, status, at, code, title),"
                + " conversations c"
                // The ranks of WhatsAppConversationMessageEvent.outboundRank, in SQL.
                + " where o.app_id = $1 and o.wamid = s.wamid and c.id = o.conversation_id and (s.status = 'failed' or"
                + " (case o.status when 'accepted' then 0 when 'sent' then 1 when 'delivered' then 2 when 'read' then 3 else 4 end)"
                + " < (case s.status when 'sent' then 1 when 'delivered' then 2 when 'read' then 3 else 0 end))"
                + " returning s.status, s.code, o.wamid, o.conversation_id, o.inbound_wamid, o.part, o.body, o.created_at,"
                + " o.error_code, o.error_title, s.at, c.organization_id, coalesce(c.customer_wa_id, c.customer_user_id) as customer")
                .execute(Tuple.of(appId, wamids.toArray(String[]::new), states.toArray(String[]::new),
                        times.toArray(OffsetDateTime[]::new), codes.toArray(Integer[]::new), titles.toArray(String[]::new)))
                .invoke(rows -> rows.forEach(row -> {
                    // Counted and told only when a sent message moved: not another system's, not a redelivery.
                    view.outboundStatus(new WhatsAppConversationMessageEvent(WhatsAppConversationMessageEvent.SCHEMA_VERSION,
                            row.getUUID("organization_id"), appId, row.getUUID("conversation_id"), row.getString("customer"),
                            WhatsAppConversationMessageEvent.OUTBOUND, row.getString("wamid"), row.getString("inbound_wamid"),
                            row.getInteger("part"), row.getString("body"), row.getString("status"), row.getInteger("error_code"),
                            row.getString("error_title"), row.getOffsetDateTime("created_at").toInstant(),
                            row.getOffsetDateTime("at").toInstant()));
                    meters.counter("whatsapp.delivery.statuses", "status", row.getString("status")).increment();
                    if ("failed".equals(row.getString("status"))) {
                        meters.counter("whatsapp.delivery.failures", "code", GraphSendFailure.codeTag(row.getInteger("code"))).increment();
                    }
                }))
                .replaceWithVoid();
    }
}
