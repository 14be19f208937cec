package ai.crafted.integrations.ui;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import ai.crafted.events.CompiledTool;
import ai.crafted.events.ToolDescriptor;
import ai.crafted.events.ToolForm;
import ai.crafted.integrations.integration.IntegrationView;
import ai.crafted.tools.ToolNames;
import ai.crafted.tools.compiler.ToolProfile;
import ai.crafted.tools.compiler.ToolsArrays;

/**
 * An integration with its cached catalog laid out for reading: per tool the name the model sees
 * ({@code slug__tool}, the gateway's own rule), and the input schema's top-level parameters as a
 * table next to the raw JSON Schema, and how each provider profile receives it (the compiler's
 * report: sent as is, sent with listed changes, or not sent and why).
 */
public record PluginDetail(IntegrationView integration, List<ToolRow> tools) {

    public record ToolRow(String name, String exposedName, String title, String description, List<Parameter> parameters,
            String schemaJson, List<ProfileRow> profiles) {

        /** Whether some provider does not get the tool at all (its report is then shown open). */
        public boolean anyIncompatible() {
            return profiles.stream().anyMatch(p -> p.status().equals("incompatible"));
        }

        /** Whether some profile gets a cut description (the page says so next to the description). */
        public boolean descriptionCut() {
            return profiles.stream().anyMatch(p -> p.changes().stream().anyMatch(c -> c.startsWith("cut the description")));
        }
    }

    /** How one provider profile receives the tool: ok, normalised (with the changes) or incompatible (with the reason). */
    public record ProfileRow(String profile, String status, List<String> changes, String reason) {
    }

    public record Parameter(String name, String type, boolean required, String description) {
    }

    public static PluginDetail of(IntegrationView integration) {
        List<ToolRow> rows = new ArrayList<>();
        List<ToolDescriptor> catalog = integration.toolCatalog() == null ? List.of() : integration.toolCatalog();
        List<CompiledTool> compiled = integration.toolCompatibility() == null ? List.of() : integration.toolCompatibility();
        for (int i = 0; i < catalog.size(); i++) {
            ToolDescriptor tool = catalog.get(i);
            List<ProfileRow> profiles = new ArrayList<>();
            if (i < compiled.size()) {
                for (ToolProfile profile : ToolProfile.values()) {
                    ToolForm form = compiled.get(i).forms().get(profile.id());
                    // The schema's report, unless the provider refuses the name this plugin's slug gives it.
                    var nameProblem = ToolsArrays.nameProblem(ToolNames.exposedName(integration.slug(), tool.name()), profile);
                    if (form != null && form.offered() && nameProblem.isPresent()) {
                        profiles.add(new ProfileRow(profile.id(), "incompatible", List.of(), nameProblem.get()));
                    } else if (form != null) {
                        profiles.add(new ProfileRow(profile.id(), form.status().id(), form.changes(), form.reason()));
                    }
                }
            }
            rows.add(new ToolRow(tool.name(), ToolNames.exposedName(integration.slug(), tool.name()), tool.title(),
                    tool.description(), parameters(tool.inputSchema()), pretty(tool.inputSchema()), profiles));
        }
        return new PluginDetail(integration, rows);
    }

    private static List<Parameter> parameters(JsonNode schema) {
        if (schema == null || !schema.path("properties").isObject()) {
            return List.of();
        }
        List<String> required = new ArrayList<>();
        schema.path("required").forEach(name -> required.add(name.asText()));
        List<Parameter> result = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> property = it.next();
            JsonNode spec = property.getValue();
            result.add(new Parameter(property.getKey(), typeOf(spec), required.contains(property.getKey()),
                    spec.path("description").asText("")));
        }
        return result;
    }

    /** "string", "integer (1–10)", "string: a | b", "array of string", or the union of types. */
    private static String typeOf(JsonNode spec) {
        String type;
        if (spec.path("type").isArray()) {
            List<String> types = new ArrayList<>();
            spec.path("type").forEach(t -> types.add(t.asText()));
            type = String.join(" | ", types);
        } else {
            type = spec.path("type").asText(spec.has("anyOf") || spec.has("oneOf") ? "one of several" : "any");
        }
        if (type.equals("array") && spec.path("items").has("type")) {
            type = "array of " + spec.path("items").path("type").asText();
        }
        if (spec.path("enum").isArray()) {
            List<String> values = new ArrayList<>();
            spec.path("enum").forEach(v -> values.add(v.asText()));
            type = type + ": " + String.join(" | ", values);
        }
        if (spec.has("minimum") || spec.has("maximum")) {
            type = type + " (" + spec.path("minimum").asText("…") + "–" + spec.path("maximum").asText("…") + ")";
        }
        if (spec.has("default")) {
            type = type + ", default " + spec.get("default").toString();
        }
        return type;
    }

    private static String pretty(JsonNode schema) {
        return schema == null ? "{}" : schema.toPrettyString();
    }
}
