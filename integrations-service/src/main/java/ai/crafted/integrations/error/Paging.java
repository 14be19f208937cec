package ai.crafted.integrations.error;

/**
 * The {@code ?page=&size=} of a list, parsed once at the edge: whole numbers, {@code page} from 0
 * to {@value #MAX_PAGE}, {@code size} from 1 to {@value #MAX_SIZE} (default 50). Anything else
 * answers 400 {@code invalid_request} naming the parameter, never 404 or 500.
 */
public record Paging(int page, int size) {

    public static final int MAX_PAGE = 1_000_000;
    public static final int MAX_SIZE = 200;
    public static final int DEFAULT_SIZE = 50;

    /** @param page the raw query value or null; @param size the raw query value or null */
    public static Paging of(String page, String size) {
        return new Paging(parse("page", page, 0, 0, MAX_PAGE), parse("size", size, DEFAULT_SIZE, 1, MAX_SIZE));
    }

    private static int parse(String name, String raw, int absent, int min, int max) {
        if (raw == null || raw.isEmpty()) {
            return absent;
        }
        int value;
        try {
            value = Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw invalid(name, name + " must be a whole number from " + min + " to " + max);
        }
        if (value < min || value > max) {
            throw invalid(name, name + " must be from " + min + " to " + max);
        }
        return value;
    }

    private static ApiException invalid(String name, String message) {
        return new ApiException(400, ErrorCodes.INVALID_REQUEST, message, name);
    }
}
