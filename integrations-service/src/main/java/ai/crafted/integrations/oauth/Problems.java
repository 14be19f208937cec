package ai.crafted.integrations.oauth;

/** The reason text kept on a credential ({@code credentials.oauth_problem}, at most 2,000 characters). */
final class Problems {

    static final int MAX_CHARS = 2000;

    private Problems() {
    }

    /** The reason, cut with an ellipsis to fit the column; null stays null. */
    static String bounded(String problem) {
        return problem == null || problem.length() <= MAX_CHARS ? problem : problem.substring(0, MAX_CHARS - 1) + "…";
    }
}
