package ai.crafted.integrations.governance;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Compares versions of tools and catalogs (pure logic). The compared fields are the ones a
 * model reads besides the name: {@value #TITLE}, {@value #DESCRIPTION}, {@value #INPUT_SCHEMA},
 * {@value #ANNOTATIONS}; a hash that changed while all of them stayed is {@value #OTHER} (a field
 * of the raw tool object we do not keep, such as {@code outputSchema} or {@code _meta}).
 */
public final class ToolDiff {

    public static final String TITLE = "title";
    public static final String DESCRIPTION = "description";
    public static final String INPUT_SCHEMA = "inputSchema";
    public static final String ANNOTATIONS = "annotations";
    public static final String OTHER = "other";
    static final List<String> FIELDS = List.of(TITLE, DESCRIPTION, INPUT_SCHEMA, ANNOTATIONS);

    private ToolDiff() {
    }

    /**
     * One field of a tool, before and after.
     *
     * @param field    one of the compared fields
     * @param oldValue the field in the older version (a JSON value; null when absent or there is no older version)
     * @param newValue the field in the newer version (null when absent)
     */
    public record FieldChange(String field, JsonNode oldValue, JsonNode newValue) {
    }

    /**
     * The fields that differ between two descriptors ({@code ToolDescriptor} JSON objects).
     *
     * @param older null for a tool never accepted: every field it has counts as changed
     */
    public static List<FieldChange> changes(JsonNode older, JsonNode newer) {
        List<FieldChange> changes = new ArrayList<>();
        for (String field : FIELDS) {
            JsonNode before = value(older, field);
            JsonNode after = value(newer, field);
            if (!Objects.equals(before, after)) {
                changes.add(new FieldChange(field, before, after));
            }
        }
        return changes;
    }

    /** The changed field names, or {@code ["other"]} when none of ours differ but the hashes do. */
    public static List<String> changedFields(JsonNode older, JsonNode newer) {
        List<String> fields = changes(older, newer).stream().map(FieldChange::field).toList();
        return fields.isEmpty() ? List.of(OTHER) : fields;
    }

    /**
     * @param previous    the previous version's tools (empty for the first version)
     * @param current     this version's tools, in catalog order
     * @param descriptors a tool version's descriptor by {@link #key}; used for the changed fields
     */
    public static CatalogDiff catalogDiff(List<CatalogTool> previous, List<CatalogTool> current,
            Map<String, JsonNode> descriptors) {
        Map<String, String> before = byName(previous);
        Map<String, String> after = byName(current);
        List<String> added = new ArrayList<>();
        List<CatalogDiff.Changed> changed = new ArrayList<>();
        after.forEach((name, hash) -> {
            String old = before.get(name);
            if (old == null) {
                added.add(name);
            } else if (!old.equals(hash)) {
                changed.add(new CatalogDiff.Changed(name, changedFields(descriptors.get(key(name, old)),
                        descriptors.get(key(name, hash))), old, hash));
            }
        });
        List<String> removed = before.keySet().stream().filter(name -> !after.containsKey(name)).toList();
        return new CatalogDiff(List.copyOf(added), removed, List.copyOf(changed));
    }

    /** The lookup key of one tool version. */
    public static String key(String name, String hash) {
        return name + "\u0000" + hash;
    }

    /** Name to hash in catalog order; a name listed twice keeps its first entry (MCP names are unique). */
    static Map<String, String> byName(List<CatalogTool> tools) {
        Map<String, String> result = new LinkedHashMap<>();
        tools.forEach(tool -> result.putIfAbsent(tool.name(), tool.hash()));
        return result;
    }

    private static JsonNode value(JsonNode descriptor, String field) {
        if (descriptor == null) {
            return null;
        }
        JsonNode value = descriptor.get(field);
        return value == null || value.isNull() ? null : value;
    }
}
