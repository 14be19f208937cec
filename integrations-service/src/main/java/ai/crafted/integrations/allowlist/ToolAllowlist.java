package ai.crafted.integrations.allowlist;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import ai.crafted.events.ToolRef;
import ai.crafted.integrations.error.FieldProblem;

/**
 * The rules of a surface's tool allowlist, shared by API keys and WhatsApp apps: what a valid list
 * is, how it is stored (a JSON array in one text column; null: every tool of the surface's
 * plugins) and how it follows its plugins (entries of a plugin that leaves the selection go).
 * Control characters in names are refused by the text rule every request passes
 * ({@link ai.crafted.integrations.error.TextRules}).
 */
public final class ToolAllowlist {

    /** The request field every problem names (with the entry's index). */
    public static final String FIELD = "allowedTools";
    /** Entries per surface: far more than a model can use well, few enough for one row. */
    public static final int MAX_ENTRIES = 500;
    /** MCP tool names are short identifiers; providers refuse function names over 64 characters. */
    public static final int MAX_NAME = 128;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<AllowedTool>> LIST = new TypeReference<>() {
    };

    private ToolAllowlist() {
    }

    /**
     * What is wrong with the list's shape, each problem with the surface's error {@code code}:
     * too many entries, a null entry, a missing plugin id, a blank or over-long name. Null (every
     * tool) has none.
     */
    public static List<FieldProblem> problemsOf(List<AllowedTool> tools, String code) {
        List<FieldProblem> problems = new ArrayList<>();
        if (tools == null) {
            return problems;
        }
        if (tools.size() > MAX_ENTRIES) {
            problems.add(FieldProblem.invalid(code, FIELD, "must name at most " + MAX_ENTRIES + " tools"));
            return problems;
        }
        for (int i = 0; i < tools.size(); i++) {
            AllowedTool tool = tools.get(i);
            String at = FIELD + "[" + i + "]";
            if (tool == null) {
                problems.add(FieldProblem.invalid(code, at, "must be {\"pluginId\": …, \"name\": …}, not null"));
                continue;
            }
            if (tool.pluginId() == null) {
                problems.add(FieldProblem.invalid(code, at + ".pluginId", "is required"));
            }
            if (tool.name() == null || tool.name().isBlank()) {
                problems.add(FieldProblem.invalid(code, at + ".name", "is required"));
            } else if (tool.name().length() > MAX_NAME) {
                problems.add(FieldProblem.invalid(code, at + ".name", "must be at most " + MAX_NAME + " characters"));
            }
        }
        return problems;
    }

    /**
     * The first entry whose plugin is outside the surface's plugins, as a problem: {@code owned}
     * are the organisation's integrations, {@code selection} the surface's plugins (null: every
     * plugin of the organisation).
     */
    public static List<FieldProblem> outsideProblems(List<AllowedTool> tools, Collection<UUID> owned, List<UUID> selection,
            String code) {
        if (tools == null) {
            return List.of();
        }
        for (int i = 0; i < tools.size(); i++) {
            AllowedTool tool = tools.get(i);
            if (tool == null || tool.pluginId() == null) {
                continue;
            }
            String at = FIELD + "[" + i + "].pluginId";
            if (!owned.contains(tool.pluginId())) {
                // The same answer for another organisation's plugin as for a missing one.
                return List.of(FieldProblem.invalid(code, at, tool.pluginId() + " is not an MCP integration of this organisation"));
            }
            if (selection != null && !selection.contains(tool.pluginId())) {
                return List.of(FieldProblem.invalid(code, at, tool.pluginId() + " is not one of the plugins selected in mcpPluginIds"));
            }
        }
        return List.of();
    }

    /** The plugins the entries name, once each (for one ownership query). */
    public static List<UUID> pluginIdsOf(List<AllowedTool> tools) {
        if (tools == null) {
            return List.of();
        }
        return List.copyOf(tools.stream().filter(Objects::nonNull).map(AllowedTool::pluginId).filter(Objects::nonNull)
                .collect(java.util.stream.Collectors.toCollection(LinkedHashSet::new)));
    }

    /** The list with each entry once, in the order first given; null stays null (every tool). */
    public static List<AllowedTool> distinct(List<AllowedTool> tools) {
        return tools == null ? null : List.copyOf(new LinkedHashSet<>(tools));
    }

    /** Only the entries of plugins in {@code selection}; null stays null. */
    public static List<AllowedTool> within(List<AllowedTool> tools, Collection<UUID> selection) {
        return tools == null ? null : tools.stream().filter(t -> selection.contains(t.pluginId())).toList();
    }

    /** The stored form: a JSON array, or null for every tool. */
    public static String format(List<AllowedTool> tools) {
        if (tools == null) {
            return null;
        }
        try {
            return JSON.writeValueAsString(tools);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a tool allowlist", e);
        }
    }

    /** The entries of a stored list; null: every tool. */
    public static List<AllowedTool> parse(String stored) {
        if (stored == null) {
            return null;
        }
        try {
            return List.copyOf(JSON.readValue(stored, LIST));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored tool allowlist is not valid JSON", e);
        }
    }

    /** The list as events carry it; null stays null. */
    public static List<ToolRef> refs(List<AllowedTool> tools) {
        return tools == null ? null : tools.stream().map(AllowedTool::toRef).toList();
    }
}
