package ai.crafted.integrations.ui;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import ai.crafted.integrations.preview.ToolPreview;
import ai.crafted.tools.compiler.ToolProfile;

/**
 * The "What the model sees" page: a {@link ToolPreview} with each sent tool laid out (name,
 * description as sent, parameter names) and the array as JSON.
 *
 * @param title     whose requests ("every API key for all plugins", a WhatsApp app's name)
 * @param backHref  the page it was opened from
 * @param selfHref  this page, without the profile
 */
public record ToolPreviewPage(String title, String backHref, String backLabel, String selfHref, ToolPreview result,
        List<String> profiles, List<SentTool> tools, String json) {

    public record SentTool(String name, String description, String parameters) {
    }

    public static ToolPreviewPage of(String title, String backHref, String backLabel, String selfHref, ToolPreview result) {
        List<SentTool> tools = new ArrayList<>();
        for (JsonNode tool : result.tools()) {
            JsonNode function = tool.path("function");
            List<String> names = new ArrayList<>();
            function.path("parameters").path("properties").fieldNames().forEachRemaining(names::add);
            tools.add(new SentTool(function.path("name").asText(), function.path("description").asText(null),
                    names.isEmpty() ? "no parameters" : "parameters: " + String.join(", ", names)));
        }
        return new ToolPreviewPage(title, backHref, backLabel, selfHref, result,
                Arrays.stream(ToolProfile.values()).map(ToolProfile::id).toList(), tools, result.tools().toPrettyString());
    }
}
