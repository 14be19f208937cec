package ai.crafted.gateway.tools;

import java.util.ArrayList;
import java.util.List;

import ai.crafted.events.McpServerConfig;

/**
 * Bounds what tool results cost the model: each result to {@code perResult} characters, and the
 * results of one round together to {@code perRound} (shared fairly: results under their share
 * keep everything, the rest split what is left). A cut result ends with a line that tells the
 * model it was cut and by how much, so it can ask for less (a narrower query, a page).
 */
public final class ToolResultBudget {

    private final int perResult;
    private final int perRound;

    /**
     * @param perResult largest tool result passed to the model, in characters ({@code gateway.tool-results.max-chars})
     * @param perRound  largest sum of one round's results, in characters ({@code gateway.tool-results.max-round-chars})
     */
    public ToolResultBudget(int perResult, int perRound) {
        this.perResult = perResult;
        this.perRound = perRound;
    }

    /** The results in the same order, each within its share; unchanged when they fit. */
    public List<String> fit(List<String> results) {
        return fit(results, null);
    }

    /**
     * Like {@link #fit(List)}, with a per-result limit for each result (the limit of the MCP server
     * it came from, {@code config.toolResultMaxChars}); a null list or element means the default.
     * Each limit is capped at {@link ai.crafted.events.McpServerConfig#MAX_TOOL_RESULT_CHARS}.
     */
    public List<String> fit(List<String> results, List<Integer> limits) {
        int[] allowed = shares(results, limits);
        List<String> fitted = new ArrayList<>(results.size());
        for (int i = 0; i < results.size(); i++) {
            fitted.add(cut(results.get(i), allowed[i]));
        }
        return fitted;
    }

    /** Water-filling: every result gets min(its length, per-result limit, a fair part of what is left). */
    private int[] shares(List<String> results, List<Integer> limits) {
        int n = results.size();
        int[] allowed = new int[n];
        boolean[] settled = new boolean[n];
        long left = perRound;
        int open = n;
        boolean changed = true;
        while (open > 0 && changed) {
            changed = false;
            long share = left / open;
            for (int i = 0; i < n; i++) {
                int wanted = Math.min(results.get(i).length(), limitOf(limits, i));
                if (!settled[i] && wanted <= share) {
                    allowed[i] = wanted;
                    settled[i] = true;
                    left -= wanted;
                    open--;
                    changed = true;
                }
            }
        }
        if (open > 0) {
            int share = (int) (left / open);
            for (int i = 0; i < n; i++) {
                if (!settled[i]) {
                    allowed[i] = share;
                }
            }
        }
        return allowed;
    }

    private int limitOf(List<Integer> limits, int i) {
        Integer own = limits == null ? null : limits.get(i);
        return own == null ? perResult : Math.min(own, McpServerConfig.MAX_TOOL_RESULT_CHARS);
    }

    private String cut(String text, int allowed) {
        if (text.length() <= allowed) {
            return text;
        }
        int end = Math.max(0, allowed);
        if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--; // never split a surrogate pair
        }
        return text.substring(0, end) + "\n[gateway: this tool result was cut to " + end + " of " + text.length()
                + " characters; ask the tool for less, e.g. a narrower query or one page at a time]";
    }
}
