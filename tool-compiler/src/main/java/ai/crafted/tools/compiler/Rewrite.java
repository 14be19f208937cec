package ai.crafted.tools.compiler;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one compilation did to one tool for one profile: changes grouped by kind with the places
 * they were made, the first reason the tool cannot be sent at all, and the optional properties a
 * strict profile made nullable.
 */
final class Rewrite {

    private static final int PLACES_SHOWN = 5;

    private final Map<String, List<String>> changes = new LinkedHashMap<>();
    private final List<String> nullMeansAbsent = new ArrayList<>();
    private String problem;

    /** Records a change of kind {@code what} at {@code where} (a JSON Pointer into the schema, "" = root). */
    void change(String what, String where) {
        List<String> places = changes.computeIfAbsent(what, k -> new ArrayList<>());
        if (where != null && !places.contains(where)) {
            places.add(where);
        }
    }

    /** Records a change that has no place (e.g. the description). */
    void change(String what) {
        changes.computeIfAbsent(what, k -> new ArrayList<>());
    }

    /** Keeps the first reason only: it is the one the user sees. */
    void refuse(String reason) {
        if (problem == null) {
            problem = reason;
        }
    }

    boolean refused() {
        return problem != null;
    }

    String problem() {
        return problem;
    }

    void nullMeansAbsent(String dataPointer) {
        nullMeansAbsent.add(dataPointer);
    }

    List<String> nullMeansAbsent() {
        return nullMeansAbsent;
    }

    /** The changes in words: {@code what (at /a, /b and 3 more places)}. */
    List<String> describeChanges() {
        List<String> out = new ArrayList<>();
        changes.forEach((what, places) -> {
            if (places.isEmpty()) {
                out.add(what);
                return;
            }
            List<String> shown = places.stream().limit(PLACES_SHOWN).map(p -> p.isEmpty() ? "the root" : p).toList();
            String more = places.size() > PLACES_SHOWN ? " and " + (places.size() - PLACES_SHOWN) + " more places" : "";
            out.add(what + " (at " + String.join(", ", shown) + more + ")");
        });
        return out;
    }

    boolean changed() {
        return !changes.isEmpty();
    }

    /** A copy to continue from (the common steps are shared by every profile). */
    Rewrite copy() {
        Rewrite copy = new Rewrite();
        changes.forEach((k, v) -> copy.changes.put(k, new ArrayList<>(v)));
        copy.problem = problem;
        copy.nullMeansAbsent.addAll(nullMeansAbsent);
        return copy;
    }
}
