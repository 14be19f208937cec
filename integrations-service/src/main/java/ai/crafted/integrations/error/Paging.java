package ai.crafted.integrations.error;

import java.util.List;

/**
 * The {@code ?page=&size=} of a list, parsed once at the edge: ASCII digits only (no sign, no
 * spaces, no other script's digits, which {@link Integer#parseInt} would read), {@code page}
 * from 0 to {@value #MAX_PAGE}, {@code size} from 1 to {@value #MAX_SIZE} (default 50), each
 * given at most once (proxies and frameworks disagree on which of several values wins).
 * Anything else answers 400 {@code invalid_request} naming the parameter, never 404 or 500.
 */
public record Paging(int page, int size) {

    public static final int MAX_PAGE = 1_000_000;
    public static final int MAX_SIZE = 200;
    public static final int DEFAULT_SIZE = 50;

    /** The first page at the largest size: what a web UI page shows of a list. */
    public static final Paging FIRST_MAX = new Paging(0, MAX_SIZE);

    /** A list's page DTO constructor: {@code (items, page, size, total)}. */
    @FunctionalInterface
    public interface PageOf<V, P> {
        P of(List<V> items, int page, int size, long total);
    }

    /** Records before this page: {@code page * size}. */
    public int offset() {
        return page * size;
    }

    /** Longer digit strings are out of range whatever they say (and never overflow an int). */
    private static final int MAX_DIGITS = 9;

    /**
     * @param page every value of the {@code page} query parameter as sent (an empty list or null when
     *             absent; {@code ?page=} is one empty value, refused like any other non-number)
     * @param size every value of the {@code size} query parameter as sent, likewise
     * @throws ApiException 400 {@code invalid_request} with the parameter as {@code field}
     */
    public static Paging of(List<String> page, List<String> size) {
        return new Paging(parse("page", QueryParameters.single("page", page), 0, 0, MAX_PAGE),
                parse("size", QueryParameters.single("size", size), DEFAULT_SIZE, 1, MAX_SIZE));
    }

    private static int parse(String name, String raw, int absent, int min, int max) {
        if (raw == null) {
            return absent;
        }
        if (raw.isEmpty() || !raw.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw invalid(name, name + " must be a whole number from " + min + " to " + max);
        }
        int value = raw.length() > MAX_DIGITS ? Integer.MAX_VALUE : Integer.parseInt(raw);
        if (value < min || value > max) {
            throw invalid(name, name + " must be from " + min + " to " + max);
        }
        return value;
    }

    private static ApiException invalid(String name, String message) {
        return new ApiException(400, ErrorCodes.INVALID_REQUEST, message, name);
    }
}
