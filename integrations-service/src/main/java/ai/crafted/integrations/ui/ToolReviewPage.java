package ai.crafted.integrations.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ai.crafted.integrations.governance.LineDiff;
import ai.crafted.integrations.governance.ToolDiff;
import ai.crafted.integrations.governance.ToolStateView;

/**
 * The "Review change" page of a held tool: each changed field as the accepted version had it and
 * as the server lists it now, line by line with added and removed lines marked, and the hash the
 * Accept button sends (the version shown, so a tool that changes again meanwhile is not accepted).
 *
 * @param conflict set when an Accept was refused because the tool changed again: the page shows the newer version
 */
public record ToolReviewPage(UUID pluginId, String pluginName, String slug, ToolStateView tool, List<Field> fields,
        String conflict) {

    /** One changed field; {@code oldText}/{@code newText} as shown (JSON pretty-printed), null when absent. */
    public record Field(String name, String label, String oldText, String newText, List<LineDiff.Line> lines) {
    }

    public static ToolReviewPage of(UUID pluginId, String pluginName, String slug, ToolStateView tool, ObjectMapper json,
            String conflict) {
        List<Field> fields = new ArrayList<>();
        if (tool.change() != null) {
            for (ToolDiff.FieldChange change : tool.change().fields()) {
                String before = text(change.oldValue(), json);
                String after = text(change.newValue(), json);
                fields.add(new Field(change.field(), label(change.field()), before, after, LineDiff.of(before, after)));
            }
        }
        return new ToolReviewPage(pluginId, pluginName, slug, tool, fields, conflict);
    }

    private static String label(String field) {
        return switch (field) {
            case ToolDiff.TITLE -> "Title";
            case ToolDiff.DESCRIPTION -> "Description";
            case ToolDiff.INPUT_SCHEMA -> "Input schema";
            case ToolDiff.ANNOTATIONS -> "Annotations";
            default -> field;
        };
    }

    private static String text(JsonNode value, ObjectMapper json) {
        if (value == null) {
            return null;
        }
        if (value.isTextual()) {
            return value.asText();
        }
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return value.toString();
        }
    }
}
