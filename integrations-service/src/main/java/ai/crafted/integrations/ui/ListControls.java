package ai.crafted.integrations.ui;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import ai.crafted.integrations.error.ListQuery;
import ai.crafted.integrations.error.Paging;

/**
 * The search box, order and page links of a list page: what was asked ({@code q}, {@code sort},
 * {@code page}) and what came back ({@code total} matches, {@code shown} on this page). Links
 * keep the search and order; every control is a plain GET form or link (no JavaScript needed).
 *
 * @param path  the list page's path, e.g. {@code /ui/orgs/<id>/plugins}
 * @param sorts the orders the list offers, the selected one marked
 */
public record ListControls(String path, String q, String sort, List<SortOption> sorts, int page, int size, long total,
        int shown) {

    /** One choice of the order menu: {@code key} as the API takes it ({@code name}, {@code -created}, …). */
    public record SortOption(String key, String label, boolean selected) {
    }

    /** An order a list offers: {@code key} as the API takes it, {@code label} as the menu shows it. */
    public record Order(String key, String label) {
    }

    /** The orders every list offers: oldest first (the default), newest first, by name either way. */
    public static final List<Order> BY_CREATED_AND_NAME = List.of(new Order("created", "Oldest first"),
            new Order("-created", "Newest first"), new Order("name", "Name A–Z"), new Order("-name", "Name Z–A"));

    /** {@link #BY_CREATED_AND_NAME} and a list's own orders. */
    public static List<Order> sorts(Order... more) {
        List<Order> all = new java.util.ArrayList<>(BY_CREATED_AND_NAME);
        all.addAll(List.of(more));
        return List.copyOf(all);
    }

    /** Items per page in the UI. */
    public static final int PAGE_SIZE = Paging.DEFAULT_SIZE;

    /**
     * The query of a list page's {@code ?q=&sort=&page=}.
     *
     * @throws ai.crafted.integrations.error.ApiException 400 {@code invalid_request} for a bad page or search
     */
    public static ListQuery query(String q, String sort, String page) {
        Paging paging = Paging.of(page == null ? List.of() : List.of(page), List.of(String.valueOf(PAGE_SIZE)));
        return ListQuery.of(paging, q == null ? List.of() : List.of(q), sort == null ? List.of() : List.of(sort));
    }

    /** The first page in the default order: what a page shows again after a refused form. */
    public static ListQuery firstPage() {
        return query(null, null, null);
    }

    /**
     * @param options the orders offered; the first is the default
     */
    public static ListControls of(String path, ListQuery query, List<Order> options, long total, int shown) {
        String selected = query.sort() == null ? options.get(0).key() : query.sort();
        return new ListControls(path, query.search(), query.sort(), options.stream()
                .map(o -> new SortOption(o.key(), o.label(), o.key().equals(selected))).toList(),
                query.paging().page(), query.paging().size(), total, shown);
    }

    public boolean filtered() {
        return q != null;
    }

    /** The first item's position (from 1), 0 for an empty page. */
    public long from() {
        return shown == 0 ? 0 : (long) page * size + 1;
    }

    public long to() {
        return (long) page * size + shown;
    }

    public boolean hasPrevious() {
        return page > 0;
    }

    public boolean hasNext() {
        return (long) (page + 1) * size < total;
    }

    /** Whether the controls are worth showing: a search, another order or more than one page. */
    public boolean useful() {
        return filtered() || total > 1;
    }

    public String previousUrl() {
        return url(page - 1);
    }

    public String nextUrl() {
        return url(page + 1);
    }

    private String url(int target) {
        StringBuilder url = new StringBuilder(path).append("?page=").append(target);
        if (q != null) {
            url.append("&q=").append(URLEncoder.encode(q, StandardCharsets.UTF_8));
        }
        if (sort != null) {
            url.append("&sort=").append(URLEncoder.encode(sort, StandardCharsets.UTF_8));
        }
        return url.toString();
    }
}
