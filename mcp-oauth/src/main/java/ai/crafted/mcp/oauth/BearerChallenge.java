package ai.crafted.mcp.oauth;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code Bearer} challenge of a {@code WWW-Authenticate} header an MCP server answers 401 or
 * 403 with: {@code resource_metadata} (RFC 9728 section 5.1), {@code scope} and {@code error}
 * (RFC 6750 section 3). Parsed as RFC 9110 section 11.6.1 writes challenges: a scheme, then
 * comma-separated {@code name=value} pairs whose value is a token or a quoted string. (The Nimbus
 * SDK's {@code BearerTokenError} reads RFC 6750's parameters only, not {@code resource_metadata}.)
 *
 * @param parameters every parameter of the Bearer challenge, names lower-cased
 */
public record BearerChallenge(Map<String, String> parameters) {

    /**
     * The Bearer challenge among the header's values, or empty when none is Bearer (another
     * scheme, no header, or text that is not a challenge).
     */
    public static Optional<BearerChallenge> parse(List<String> headerValues) {
        if (headerValues == null) {
            return Optional.empty();
        }
        for (String value : headerValues) {
            Optional<BearerChallenge> found = parse(value);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** {@link #parse(List)} for one header value. */
    public static Optional<BearerChallenge> parse(String headerValue) {
        if (headerValue == null) {
            return Optional.empty();
        }
        String text = headerValue.trim();
        int bearer = indexOfScheme(text, "bearer");
        if (bearer < 0) {
            return Optional.empty();
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        int i = bearer + "bearer".length();
        while (i < text.length()) {
            while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == ',' || text.charAt(i) == '\t')) {
                i++;
            }
            int nameStart = i;
            while (i < text.length() && isTokenChar(text.charAt(i))) {
                i++;
            }
            if (i == nameStart || i >= text.length() || text.charAt(i) != '=') {
                break; // the next scheme starts here, or the text is not a parameter list
            }
            String name = text.substring(nameStart, i).toLowerCase(Locale.ROOT);
            i++;
            StringBuilder value = new StringBuilder();
            if (i < text.length() && text.charAt(i) == '"') {
                i++;
                while (i < text.length() && text.charAt(i) != '"') {
                    if (text.charAt(i) == '\\' && i + 1 < text.length()) {
                        i++;
                    }
                    value.append(text.charAt(i++));
                }
                i++;
            } else {
                while (i < text.length() && isTokenChar(text.charAt(i))) {
                    value.append(text.charAt(i++));
                }
            }
            parameters.putIfAbsent(name, value.toString());
        }
        return Optional.of(new BearerChallenge(Map.copyOf(parameters)));
    }

    /** RFC 9728's {@code resource_metadata}: where the protected resource metadata is, if it is an absolute http(s) URL. */
    public Optional<URI> resourceMetadata() {
        String value = parameters.get("resource_metadata");
        if (value == null) {
            return Optional.empty();
        }
        try {
            URI uri = URI.create(value);
            return uri.isAbsolute() && ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
                    ? Optional.of(uri) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The scopes the server asks for (space-separated in the challenge), or empty. */
    public Optional<String> scope() {
        return Optional.ofNullable(parameters.get("scope")).filter(s -> !s.isBlank());
    }

    /** RFC 6750's error code ({@code invalid_token}, {@code insufficient_scope}, ...), or empty. */
    public Optional<String> error() {
        return Optional.ofNullable(parameters.get("error"));
    }

    private static int indexOfScheme(String text, String scheme) {
        String lower = text.toLowerCase(Locale.ROOT);
        int at = 0;
        while ((at = lower.indexOf(scheme, at)) >= 0) {
            boolean startsChallenge = at == 0 || lower.charAt(at - 1) == ' ' || lower.charAt(at - 1) == ',';
            int end = at + scheme.length();
            boolean endsScheme = end == lower.length() || lower.charAt(end) == ' ';
            if (startsChallenge && endsScheme) {
                return at;
            }
            at = end;
        }
        return -1;
    }

    /** RFC 9110 tchar, plus '/' and ':' so unquoted URLs some servers send are read whole. */
    private static boolean isTokenChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "!#$%&'*+-.^_`|~/:".indexOf(c) >= 0;
    }
}
