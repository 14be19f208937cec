package ai.crafted.integrations.error;

import java.util.List;

/**
 * What a list asks for: a page ({@link Paging}), an optional search text ({@code ?q=}: a
 * case-insensitive substring of the list's names, at most {@value #MAX_SEARCH} characters, one
 * line) and an optional order ({@code ?sort=}: a key the list declares, {@code -} in front for
 * descending, e.g. {@code name} or {@code -created}; default: oldest first).
 */
public record ListQuery(Paging paging, String search, String sort) {

    public static final int MAX_SEARCH = 200;

    /** A page of the whole list in its default order. */
    public static ListQuery of(Paging paging) {
        return new ListQuery(paging, null, null);
    }

    /**
     * @param search every value of {@code q} as sent (null or empty when absent)
     * @param sort   every value of {@code sort} as sent
     * @throws ApiException 400 {@code invalid_request} naming {@code q} or {@code sort} for a repeated
     *                      parameter, a search text that is too long or not one line
     */
    public static ListQuery of(Paging paging, List<String> search, List<String> sort) {
        String text = QueryParameters.single("q", search);
        String order = QueryParameters.single("sort", sort);
        if (text != null) {
            text = text.strip();
            if (text.length() > MAX_SEARCH) {
                throw new ApiException(400, ErrorCodes.INVALID_REQUEST, "q must be at most " + MAX_SEARCH + " characters", "q");
            }
            if (text.chars().anyMatch(c -> c < 0x20 || c >= 0x7f && c <= 0x9f)) {
                throw new ApiException(400, ErrorCodes.INVALID_REQUEST, "q must be one line of text", "q");
            }
        }
        return new ListQuery(paging, text == null || text.isEmpty() ? null : text,
                order == null || order.isBlank() ? null : order.strip());
    }

    /** The search text as a SQL LIKE pattern (lower case, {@code %}, {@code _} and {@code \} escaped), or null. */
    public String likePattern() {
        if (search == null) {
            return null;
        }
        String escaped = search.toLowerCase(java.util.Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        return "%" + escaped + "%";
    }
}
