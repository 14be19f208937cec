package ai.crafted.integrations.governance;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A line-by-line comparison of two texts (longest common subsequence), for showing what changed
 * in a tool's description or schema with added and removed lines marked. Pure logic; texts
 * longer than {@value #MAX_LINES} lines are shown as all removed, then all added.
 */
public final class LineDiff {

    static final int MAX_LINES = 2_000;

    private LineDiff() {
    }

    /** @param kind {@code same}, {@code removed} (only in the old text) or {@code added} (only in the new) */
    public record Line(String kind, String text) {

        public boolean added() {
            return "added".equals(kind);
        }

        public boolean removed() {
            return "removed".equals(kind);
        }
    }

    /** @param older null or empty for nothing; likewise {@code newer} */
    public static List<Line> of(String older, String newer) {
        List<String> a = lines(older);
        List<String> b = lines(newer);
        List<Line> result = new ArrayList<>();
        if (a.size() > MAX_LINES || b.size() > MAX_LINES) {
            a.forEach(line -> result.add(new Line("removed", line)));
            b.forEach(line -> result.add(new Line("added", line)));
            return result;
        }
        int[][] common = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                common[i][j] = a.get(i).equals(b.get(j)) ? common[i + 1][j + 1] + 1
                        : Math.max(common[i + 1][j], common[i][j + 1]);
            }
        }
        int i = 0;
        int j = 0;
        while (i < a.size() && j < b.size()) {
            if (a.get(i).equals(b.get(j))) {
                result.add(new Line("same", a.get(i++)));
                j++;
            } else if (common[i + 1][j] >= common[i][j + 1]) {
                result.add(new Line("removed", a.get(i++)));
            } else {
                result.add(new Line("added", b.get(j++)));
            }
        }
        while (i < a.size()) {
            result.add(new Line("removed", a.get(i++)));
        }
        while (j < b.size()) {
            result.add(new Line("added", b.get(j++)));
        }
        return result;
    }

    private static List<String> lines(String text) {
        return text == null || text.isEmpty() ? Collections.emptyList() : List.of(text.split("\r?\n", -1));
    }
}
