package ai.crafted.integrations.auth;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

import ai.crafted.integrations.error.ApiException;
import ai.crafted.integrations.error.ErrorCodes;
import ai.crafted.integrations.error.ListQuery;
import ai.crafted.integrations.error.Paging;

/**
 * The reads every organisation-owned record kind shares: by id only within its organisation (an
 * id of another organisation is exactly as absent as an unknown one), optionally locked for a
 * read-modify-write, and the organisation's records in creation order, whole or by page. The entity needs the
 * fields {@code id}, {@code organizationId} and {@code createdAt}. Lists can be searched
 * ({@link #searchedFields}) and ordered ({@link #sortFields}) as a {@link ListQuery} asks.
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

    /** The entity fields a list's {@code ?q=} searches (case-insensitive substring); none by default. */
    default List<String> searchedFields() {
        return List.of();
    }

    /** The list's {@code ?sort=} keys and the entity field each orders by; {@code created} always. */
    default Map<String, String> sortFields() {
        return Map.of("created", "createdAt");
    }

    /** One page of {@link #listIn}: {@code paging.size()} records from {@code paging.page() * paging.size()}. */
    default Uni<List<E>> listPage(UUID organizationId, Paging paging) {
        return listPage(organizationId, ListQuery.of(paging));
    }

    /**
     * One page of the organisation's records that match the query's search, in its order (ties by
     * id, so pages never overlap).
     *
     * @throws ApiException 400 {@code invalid_request} naming {@code sort} for a key this list does not take
     */
    default Uni<List<E>> listPage(UUID organizationId, ListQuery query) {
        String like = query.likePattern();
        Paging paging = query.paging();
        return (like == null ? find("organizationId = ?1", sortOf(query.sort()), organizationId)
                : find("organizationId = ?1 and (" + searchClause() + ")", sortOf(query.sort()), organizationId, like))
                .page(Page.of(paging.page(), paging.size())).list();
    }

    /** How many records the organisation has, for a page's {@code total}. */
    default Uni<Long> countIn(UUID organizationId) {
        return count("organizationId", organizationId);
    }

    /** How many of the organisation's records match the query's search. */
    default Uni<Long> countIn(UUID organizationId, ListQuery query) {
        String like = query.likePattern();
        return like == null ? countIn(organizationId)
                : count("organizationId = ?1 and (" + searchClause() + ")", organizationId, like);
    }

    private String searchClause() {
        if (searchedFields().isEmpty()) {
            throw new IllegalStateException(getClass() + " declares no searched fields");
        }
        return searchedFields().stream().map(f -> "lower(" + f + ") like ?2 escape '\\'")
                .collect(Collectors.joining(" or "));
    }

    private Sort sortOf(String key) {
        if (key == null) {
            return Sort.by("createdAt").and("id");
        }
        boolean descending = key.startsWith("-");
        String field = sortFields().get(descending ? key.substring(1) : key);
        if (field == null) {
            throw new ApiException(400, ErrorCodes.INVALID_REQUEST, "sort must be one of " + sortFields().keySet().stream()
                    .sorted().flatMap(k -> java.util.stream.Stream.of(k, "-" + k)).collect(Collectors.joining(", ")), "sort");
        }
        return Sort.by(field, descending ? Sort.Direction.Descending : Sort.Direction.Ascending).and("id");
    }

    /**
     * One page of the organisation's records as a page DTO: the records of {@link #listPage}, turned
     * into views by {@code views} (which may read more, once for the whole page), and the total.
     * The total is counted only when the page cannot tell it: a short page that is the first or
     * holds records ends the list, so its total is {@code page * size + items}.
     */
    default <V, P> Uni<P> pageIn(UUID organizationId, Paging paging, Function<List<E>, Uni<List<V>>> views,
            Paging.PageOf<V, P> page) {
        return pageIn(organizationId, ListQuery.of(paging), views, page);
    }

    /** {@link #pageIn(UUID, Paging, Function, Paging.PageOf)} of the records matching the query, in its order. */
    default <V, P> Uni<P> pageIn(UUID organizationId, ListQuery query, Function<List<E>, Uni<List<V>>> views,
            Paging.PageOf<V, P> page) {
        Paging paging = query.paging();
        return listPage(organizationId, query).chain(records -> views.apply(records).chain(items -> {
            boolean endsTheList = records.size() < paging.size() && (paging.page() == 0 || !records.isEmpty());
            Uni<Long> total = endsTheList ? Uni.createFrom().item((long) paging.offset() + records.size())
                    : countIn(organizationId, query);
            return total.map(count -> page.of(items, paging.page(), paging.size(), count));
        }));
    }

    /** {@link #pageIn} with a view made from each record alone. */
    default <V, P> Uni<P> pageOf(UUID organizationId, Paging paging, Function<E, V> view, Paging.PageOf<V, P> page) {
        return pageOf(organizationId, ListQuery.of(paging), view, page);
    }

    /** {@link #pageIn(UUID, ListQuery, Function, Paging.PageOf)} with a view made from each record alone. */
    default <V, P> Uni<P> pageOf(UUID organizationId, ListQuery query, Function<E, V> view, Paging.PageOf<V, P> page) {
        return pageIn(organizationId, query, records -> Uni.createFrom().item(records.stream().map(view).toList()), page);
    }
}
