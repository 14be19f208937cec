package ai.crafted.mcp.oauth;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * OAuth scope values (RFC 6749 section 3.3): space-separated, case-sensitive scope tokens whose
 * order carries no meaning. {@link ScopeSyntax} says whether a value is well formed.
 */
public final class Scopes {

    private Scopes() {
    }

    /** The tokens of {@code scope}, in order, without repeats; empty for null or blank. */
    public static Set<String> tokens(String scope) {
        Set<String> tokens = new LinkedHashSet<>();
        if (scope != null) {
            for (String token : scope.trim().split(" +")) {
                if (!token.isEmpty()) {
                    tokens.add(token);
                }
            }
        }
        return tokens;
    }

    /** The tokens of {@code wanted} that {@code held} lacks, as a scope value, or null when it lacks none. */
    public static String missing(String wanted, String held) {
        Set<String> missing = tokens(wanted);
        missing.removeAll(tokens(held));
        return missing.isEmpty() ? null : String.join(" ", missing);
    }

    /** Both scope values together, {@code first}'s tokens first; null when both are empty. */
    public static String union(String first, String second) {
        Set<String> all = tokens(first);
        all.addAll(tokens(second));
        return all.isEmpty() ? null : String.join(" ", all);
    }
}
