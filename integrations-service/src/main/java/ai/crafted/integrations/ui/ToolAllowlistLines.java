package ai.crafted.integrations.ui;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import ai.crafted.integrations.allowlist.AllowedTool;
import ai.crafted.integrations.allowlist.ToolAllowlist;
import ai.crafted.integrations.error.ApiException;
import ai.crafted.integrations.error.FieldProblem;
import ai.crafted.integrations.error.InvalidFields;
import ai.crafted.integrations.integration.IntegrationSummaryView;

/**
 * The tool allowlist as the API key and WhatsApp app forms take it: a choice ({@code tools}:
 * {@code all}, every tool of the chosen plugins, or {@code some}) and a textarea with one
 * {@code plugin-slug/tool-name} per line (the tool's name as its MCP server lists it; blank lines
 * are skipped). Lines name plugins by slug because people read slugs; the API takes ids. The
 * API's problems with entry {@code i} are shown under the textarea, prefixed with the line.
 */
public final class ToolAllowlistLines {

    public static final String ALL = "all";
    public static final String SOME = "some";

    private final List<String> lines;
    private final List<AllowedTool> tools;

    private ToolAllowlistLines(List<String> lines, List<AllowedTool> tools) {
        this.lines = lines;
        this.tools = tools;
    }

    /**
     * Reads the form's choice and lines against the organisation's plugins by slug.
     *
     * @throws ApiException 400 with {@code code}, field {@code allowedTools}, for "all" with lines,
     *                      an unknown choice, a line that is not {@code slug/tool} or names no plugin
     */
    public static ToolAllowlistLines parse(String choice, String text, Map<String, UUID> idsBySlug, String code) {
        boolean some = SOME.equals(choice);
        boolean written = text != null && !text.isBlank();
        if (choice != null && !choice.isBlank() && !some && !ALL.equals(choice)) {
            throw invalid(code, "pick every tool or only the tools listed");
        }
        if (!some) {
            if (written) {
                // Both said at once: the surface would silently reach more than the list suggests.
                throw invalid(code, "you listed tools but chose every tool: choose \"Only the tools listed here\", or clear the list");
            }
            return new ToolAllowlistLines(List.of(), null);
        }
        List<String> lines = new ArrayList<>();
        List<AllowedTool> tools = new ArrayList<>();
        int number = 0;
        for (String raw : written ? text.split("\r\n|\r|\n") : new String[0]) {
            number++;
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            int slash = line.indexOf('/');
            if (slash <= 0 || slash == line.length() - 1) {
                throw invalid(code, "line " + number + " (“" + line + "”) must be plugin-slug/tool-name");
            }
            String slug = line.substring(0, slash).strip();
            UUID id = idsBySlug.get(slug);
            if (id == null) {
                throw invalid(code, "line " + number + ": no plugin has the slug “" + slug + "”");
            }
            lines.add(line);
            tools.add(new AllowedTool(id, line.substring(slash + 1).strip()));
        }
        return new ToolAllowlistLines(lines, tools);
    }

    /** The allowlist the form says: null for every tool, else the listed tools (none listed: no tools). */
    public List<AllowedTool> tools() {
        return tools;
    }

    /** The API's refusal with each allowlist entry's problem moved under the textarea, naming its line. */
    public Throwable relabel(Throwable failure) {
        List<FieldProblem> problems = InvalidFields.problemsOf(failure);
        if (problems.stream().noneMatch(p -> p.field() != null && p.field().startsWith(ToolAllowlist.FIELD))) {
            return failure;
        }
        List<FieldProblem> relabelled = new ArrayList<>();
        for (FieldProblem p : problems) {
            String field = p.field();
            if (field == null || !field.startsWith(ToolAllowlist.FIELD + "[")) {
                relabelled.add(p);
                continue;
            }
            int index = Integer.parseInt(field.substring(ToolAllowlist.FIELD.length() + 1, field.indexOf(']')));
            String line = index < lines.size() ? "“" + lines.get(index) + "”: " : "";
            relabelled.add(FieldProblem.invalid(p.code(), ToolAllowlist.FIELD, line + p.problem()));
        }
        return InvalidFields.of(relabelled);
    }

    /** The lines of a stored allowlist ({@code slug/tool} each; a plugin no longer installed by its id). */
    public static String linesOf(List<AllowedTool> tools, Map<UUID, String> slugsById) {
        if (tools == null) {
            return "";
        }
        StringBuilder text = new StringBuilder();
        for (AllowedTool tool : tools) {
            text.append(slugsById.getOrDefault(tool.pluginId(), tool.pluginId().toString())).append('/').append(tool.name())
                    .append('\n');
        }
        return text.toString();
    }

    /** The organisation's plugins by slug. */
    public static Map<String, UUID> idsBySlug(Collection<IntegrationSummaryView> plugins) {
        Map<String, UUID> ids = new LinkedHashMap<>();
        plugins.forEach(plugin -> ids.put(plugin.slug(), plugin.id()));
        return ids;
    }

    private static ApiException invalid(String code, String message) {
        return new ApiException(400, code, message, ToolAllowlist.FIELD);
    }
}
