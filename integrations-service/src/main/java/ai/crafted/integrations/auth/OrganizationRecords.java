package ai.crafted.integrations.auth;

import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

import ai.crafted.integrations.error.ApiException;
import ai.crafted.integrations.error.Paging;

/**
 * The reads every organisation-owned record kind shares: by id only within its organisation (an
 * id of another organisation is exactly as absent as an unknown one), optionally locked for a
 * read-modify-write, and the organisation's records in creation order, whole or by page. The entity needs the
 * fields {@code id}, {@code organizationId} and {@code createdAt}.
 */
public interface OrganizationRecords<E> extends PanacheRepositoryBase<E, UUID> {

    /** Null when the id is unknown or belongs to another organisation: callers cannot tell which. */
    default Uni<E> findOwned(UUID organizationId, UUID id) {
        return find("id = ?1 and organizationId = ?2", id, organizationId).firstResult();
    }

    /**
     * Like {@link #findOwned}, failing with 404 {@code not_found} ("{@code what} not found")
     * instead of null.
     */
    default Uni<E> findOwnedOrNotFound(UUID organizationId, UUID id, String what) {
        return findOwned(organizationId, id).onItem().ifNull().failWith(() -> ApiException.notFound(what));
    }

    /**
     * Like {@link #findOwned} but locks the row until the transaction ends, so concurrent changes
     * of one record (edits, rotations, revocations, refresh results) apply one after another.
     */
    default Uni<E> findOwnedForUpdate(UUID organizationId, UUID id) {
        return find("id = ?1 and organizationId = ?2", id, organizationId)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    /** The organisation's records, oldest first. */
    default Uni<List<E>> listIn(UUID organizationId) {
        return find("organizationId", Sort.by("createdAt").and("id"), organizationId).list();
    }

    /** One page of {@link #listIn}: {@code paging.size()} records from {@code paging.page() * paging.size()}. */
    default Uni<List<E>> listPage(UUID organizationId, Paging paging) {
        return find("organizationId", Sort.by("createdAt").and("id"), organizationId)
                .page(Page.of(paging.page(), paging.size())).list();
    }

    /** How many records the organisation has, for a page's {@code total}. */
    default Uni<Long> countIn(UUID organizationId) {
        return count("organizationId", organizationId);
    }

    /**
     * One page of the organisation's records as a page DTO: the records of {@link #listPage}, turned
     * into views by {@code views} (which may read more, once for the whole page), and the total.
     * The total is counted only when the page cannot tell it: a short page that is the first or
     * holds records ends the list, so its total is {@code page * size + items}.
     */
    default <V, P> Uni<P> pageIn(UUID organizationId, Paging paging, Function<List<E>, Uni<List<V>>> views,
            Paging.PageOf<V, P> page) {
        return listPage(organizationId, paging).chain(records -> views.apply(records).chain(items -> {
            boolean endsTheList = records.size() < paging.size() && (paging.page() == 0 || !records.isEmpty());
            Uni<Long> total = endsTheList ? Uni.createFrom().item((long) paging.offset() + records.size())
                    : countIn(organizationId);
            return total.map(count -> page.of(items, paging.page(), paging.size(), count));
        }));
    }

    /** {@link #pageIn} with a view made from each record alone. */
    default <V, P> Uni<P> pageOf(UUID organizationId, Paging paging, Function<E, V> view, Paging.PageOf<V, P> page) {
        return pageIn(organizationId, paging, records -> Uni.createFrom().item(records.stream().map(view).toList()), page);
    }
}
