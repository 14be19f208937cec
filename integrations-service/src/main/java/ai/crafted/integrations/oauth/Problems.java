package ai.crafted.integrations.oauth;

import ai.crafted.http.EchoedText;

/**
 * The reason text kept on a credential ({@code credentials.oauth_problem}, at most 2,000
 * characters) and written to the log: much of it is an authorization server's own words, so
 * control and format characters are escaped ({@link EchoedText}) and it cannot forge log lines
 * or reorder what a reader sees.
 */
final class Problems {

    static final int MAX_CHARS = 2000;

    private Problems() {
    }

    /** The reason, escaped and cut with an ellipsis to fit the column; null stays null. */
    static String bounded(String problem) {
        return problem == null ? null : EchoedText.of(problem, MAX_CHARS - 1);
    }
}
