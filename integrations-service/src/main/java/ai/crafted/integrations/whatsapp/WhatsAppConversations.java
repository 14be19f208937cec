package ai.crafted.integrations.whatsapp;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

import ai.crafted.events.WhatsAppConversationMessageEvent;
import ai.crafted.integrations.error.ApiException;
import ai.crafted.integrations.error.Paging;

/**
 * The conversation view of WhatsApp apps: whatsapp-worker's reports of what became of each
 * message ({@code whatsapp-conversation-messages}), kept per message (the latest state), and read
 * per app and conversation. A report about an app that is not the named organisation's (or no
 * longer exists) is not kept, so an organisation only ever sees its own apps' messages.
 */
@ApplicationScoped
public class WhatsAppConversations implements PanacheRepositoryBase<WhatsAppConversationMessageEntity, String> {

    /** Messages shown per conversation, the most recent ones. */
    public static final int MESSAGE_LIMIT = 200;
    /** Longest text kept per message, in characters (WhatsApp's own limit is 4,096). */
    static final int MAX_TEXT_CHARS = 8192;

    private final WhatsAppAppRepository apps;

    public WhatsAppConversations(WhatsAppAppRepository apps) {
        this.apps = apps;
    }

    /** Keeps the reported state of one message (returns whether it was kept). */
    @WithTransaction
    public Uni<Boolean> apply(WhatsAppConversationMessageEvent event) {
        return apps.findOwned(event.organizationId(), event.appId()).chain(app -> {
            if (app == null) {
                return Uni.createFrom().item(false);
            }
            return findById(event.key()).chain(found -> {
                if (found != null && !movesForward(found.status, event.status())) {
                    return Uni.createFrom().item(false); // an older report arriving late (another worker instance)
                }
                WhatsAppConversationMessageEntity row = found != null ? found : new WhatsAppConversationMessageEntity();
                row.id = event.key();
                row.organizationId = event.organizationId();
                row.appId = event.appId();
                row.conversationId = event.conversationId();
                row.customer = event.customer() == null ? "unknown" : event.customer();
                row.direction = event.direction();
                row.wamid = event.wamid();
                row.inboundWamid = event.inboundWamid();
                row.part = event.part();
                row.body = cut(event.text());
                row.status = event.status();
                row.errorCode = event.errorCode();
                row.errorText = cut(event.errorText());
                row.createdAt = event.createdAt() == null ? Instant.now() : event.createdAt();
                row.statusAt = event.statusAt() == null ? Instant.now() : event.statusAt();
                return (found != null ? Uni.createFrom().item(row) : persist(row)).replaceWith(true);
            });
        });
    }

    /**
     * A page of the app's conversations, the most recent first (ties by id, so pages neither
     * repeat nor skip one), with how many there are (404 {@code not_found} for another
     * organisation's app).
     */
    @WithSession
    public Uni<WhatsAppConversationView.Page> list(UUID organizationId, UUID appId, Paging paging) {
        String where = " from WhatsAppConversationMessageEntity where organizationId = ?1 and appId = ?2";
        return owned(organizationId, appId).chain(ignored -> Panache.getSession().chain(session -> session
                .createSelectionQuery("select conversationId, max(customer), max(createdAt), count(*),"
                        + " sum(case when status in ?3 then 1 else 0 end)" + where
                        + " group by conversationId order by max(createdAt) desc, conversationId", Object[].class)
                .setParameter(1, organizationId).setParameter(2, appId).setParameter(3, WhatsAppConversationView.PROBLEMS)
                .setFirstResult(paging.offset()).setMaxResults(paging.size()).getResultList()
                .chain(rows -> session.createSelectionQuery("select count(distinct conversationId)" + where, Long.class)
                        .setParameter(1, organizationId).setParameter(2, appId).getSingleResult()
                        .map(total -> new WhatsAppConversationView.Page(rows.stream().map(r -> new WhatsAppConversationView.Summary(
                                (UUID) r[0], (String) r[1], (Instant) r[2], ((Number) r[3]).longValue(),
                                r[4] == null ? 0 : ((Number) r[4]).longValue())).toList(), paging.page(), paging.size(), total)))));
    }

    /**
     * One conversation: its last {@link #MESSAGE_LIMIT} messages, oldest first (404
     * {@code not_found} when the app or conversation is not there).
     */
    @WithSession
    public Uni<WhatsAppConversationView> get(UUID organizationId, UUID appId, UUID conversationId) {
        return owned(organizationId, appId).chain(ignored -> find("organizationId = ?1 and appId = ?2 and conversationId = ?3"
                + " order by createdAt desc, direction desc, part desc", organizationId, appId, conversationId)
                .page(0, MESSAGE_LIMIT).list())
                .map(newestFirst -> {
                    List<WhatsAppConversationMessageEntity> rows = new java.util.ArrayList<>(newestFirst);
                    java.util.Collections.reverse(rows);
                    if (rows.isEmpty()) {
                        throw ApiException.notFound("conversation " + conversationId);
                    }
                    List<WhatsAppConversationView.Message> messages = rows.stream().map(m -> new WhatsAppConversationView.Message(
                            m.direction, m.wamid, m.inboundWamid, m.part, m.body, m.status, m.errorCode, m.errorText, m.createdAt,
                            m.statusAt)).toList();
                    return new WhatsAppConversationView(conversationId, rows.get(rows.size() - 1).customer, messages);
                });
    }

    /**
     * The app's customer messages that need an operator (status {@code parked}), the longest
     * waiting first, a page of them with the total (404 {@code not_found} for another
     * organisation's app).
     */
    @WithSession
    public Uni<WhatsAppConversationView.ParkedPage> parked(UUID organizationId, UUID appId, Paging paging) {
        String where = "organizationId = ?1 and appId = ?2 and direction = 'inbound' and status = 'parked'";
        return owned(organizationId, appId)
                .chain(ignored -> find(where + " order by createdAt, id", organizationId, appId).page(paging.page(), paging.size()).list())
                .chain(rows -> count(where, organizationId, appId).map(total -> new WhatsAppConversationView.ParkedPage(
                        rows.stream().map(m -> new WhatsAppConversationView.Parked(m.conversationId, m.customer, m.wamid, m.body,
                                m.status, m.errorText, m.createdAt, m.statusAt)).toList(), paging.page(), paging.size(), total)));
    }

    /**
     * The customer's message {@code wamid} of the app's conversation as the view holds it, or
     * null when there is none (another conversation, a part of a reply, another organisation).
     * Runs in the caller's session.
     */
    public Uni<WhatsAppConversationMessageEntity> customerMessage(UUID organizationId, UUID appId, UUID conversationId,
            String wamid) {
        if (wamid == null || wamid.length() > 128 || wamid.indexOf('\u0000') >= 0) {
            // Not an id the worker ever stores (it drops such messages); PostgreSQL refuses NUL in text.
            return Uni.createFrom().nullItem();
        }
        return find("id = ?1 and organizationId = ?2 and appId = ?3 and conversationId = ?4 and direction = 'inbound'",
                appId + ":" + wamid, organizationId, appId, conversationId).firstResult();
    }

    /**
     * Whether a sent part's status may follow the one held: only forward (accepted, sent,
     * delivered, read), and failed after anything. The customer's own message has one final
     * state per handling, and a later one replaces it.
     */
    static boolean movesForward(String held, String reported) {
        int from = WhatsAppConversationMessageEvent.outboundRank(held);
        int to = WhatsAppConversationMessageEvent.outboundRank(reported);
        return to < 0 || from < 0 || "failed".equals(reported) || to > from;
    }

    private Uni<WhatsAppAppEntity> owned(UUID organizationId, UUID appId) {
        return apps.findOwnedOrNotFound(organizationId, appId, "WhatsApp app " + appId);
    }

    private static String cut(String text) {
        return text != null && text.length() > MAX_TEXT_CHARS ? text.substring(0, MAX_TEXT_CHARS) : text;
    }
}
