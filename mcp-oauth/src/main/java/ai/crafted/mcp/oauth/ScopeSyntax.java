package ai.crafted.mcp.oauth;

/**
 * The syntax of an OAuth {@code scope} value (RFC 6749 section 3.3): scope tokens of the
 * characters {@code %x21 / %x23-5B / %x5D-7E} (printable ASCII without space, {@code "} and
 * {@code \}), separated by single spaces. Values from outside (an admin's entry, a server's
 * challenge) are checked against it before they are kept or sent on.
 */
public final class ScopeSyntax {

    /** The pattern of a whole scope value. */
    public static final String REGEX = "^[\\x21\\x23-\\x5B\\x5D-\\x7E]+( [\\x21\\x23-\\x5B\\x5D-\\x7E]+)*$";
    /** The longest scope value accepted, in characters. */
    public static final int MAX_LENGTH = 1024;

    private static final java.util.regex.Pattern PATTERN = java.util.regex.Pattern.compile(REGEX);

    private ScopeSyntax() {
    }

    /** Whether the value is a scope value of at most {@link #MAX_LENGTH} characters. */
    public static boolean isValid(String scope) {
        return scope != null && scope.length() <= MAX_LENGTH && PATTERN.matcher(scope).matches();
    }
}
