package ai.crafted.integrations.audit;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

import ai.crafted.integrations.error.Paging;

/** Reads an organisation's audit log, newest first. */
@ApplicationScoped
public class AuditReader {

    private final ObjectMapper json;

    public AuditReader(ObjectMapper json) {
        this.json = json;
    }

    public Uni<AuditEventView.Page> page(UUID organizationId, Paging paging) {
        return Panache.withSession(() -> Panache.getSession().chain(s -> s.createSelectionQuery(
                "from AuditEventEntity where organizationId = ?1 order by occurredAt desc, id desc", AuditEventEntity.class)
                .setParameter(1, organizationId).setFirstResult(paging.offset()).setMaxResults(paging.size())
                .getResultList()
                .chain(rows -> s.createSelectionQuery("select count(*) from AuditEventEntity where organizationId = ?1",
                        Long.class).setParameter(1, organizationId).getSingleResult()
                        .map(total -> new AuditEventView.Page(rows.stream().map(this::view).toList(), paging.page(),
                                paging.size(), total)))));
    }

    private AuditEventView view(AuditEventEntity row) {
        return new AuditEventView(row.id, row.occurredAt, row.actor, row.action, row.targetType, row.targetId,
                details(row.details));
    }

    private JsonNode details(String text) {
        if (text == null) {
            return null;
        }
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            return json.getNodeFactory().textNode(text);
        }
    }
}
