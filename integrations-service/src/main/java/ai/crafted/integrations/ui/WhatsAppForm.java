package ai.crafted.integrations.ui;

import java.util.ArrayList;
import java.util.List;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.jboss.resteasy.reactive.RestForm;

import ai.crafted.integrations.whatsapp.WhatsAppAppView;

/**
 * A WhatsApp app's settings form. Secret fields left empty keep the stored secret; the plugin
 * checkboxes are always part of the form, so "none ticked" means "no plugins"; so is the tool
 * allowlist ({@code tools} and the {@code allowedTools} lines, see {@link ToolAllowlistLines}).
 */
public class WhatsAppForm {

    @RestForm public String phoneNumberId = "";
    @RestForm public String displayName = "";
    @RestForm public String model = "";
    @RestForm public String systemPrompt = "";
    @RestForm public List<String> plugin = new ArrayList<>();
    /** {@code all} (every tool of the ticked plugins) or {@code some} (only the {@link #allowedTools} lines). */
    @RestForm public String tools = ToolAllowlistLines.ALL;
    /** One {@code plugin-slug/tool-name} per line. */
    @RestForm public String allowedTools = "";
    @RestForm public String accessToken;
    @RestForm public String appSecret;
    @RestForm public String verifyToken;
    /** The entity tag (epoch milliseconds of updatedAt) of the app the form was filled from. */
    @RestForm public String version = "";
    /** Whether the form edits a stored app (secrets may stay empty) rather than creating one. */
    public boolean existing;

    public static WhatsAppForm of(WhatsAppAppView app) {
        WhatsAppForm form = new WhatsAppForm();
        form.existing = true;
        form.phoneNumberId = app.phoneNumberId();
        form.displayName = app.displayName();
        form.model = app.model();
        form.systemPrompt = app.systemPrompt() == null ? "" : app.systemPrompt();
        form.plugin = new ArrayList<>(app.mcpPluginIds().stream().map(String::valueOf).toList());
        form.tools = app.allowedTools() == null ? ToolAllowlistLines.ALL : ToolAllowlistLines.SOME;
        form.allowedTools = ToolAllowlistLines.linesOf(app.allowedTools(), slugsById(app));
        form.version = UiForms.version(app.updatedAt());
        return form;
    }

    /** The form's editable values by the API's field names, to compare a stale form with what is saved. */
    public Map<String, String> values() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("displayName", displayName);
        values.put("phoneNumberId", phoneNumberId);
        values.put("model", model);
        values.put("systemPrompt", systemPrompt);
        values.put("mcpPluginIds", String.join(", ", plugin.stream().sorted().toList()));
        // A browser sends CRLF line breaks; the saved form has LF: compare the lines, not the bytes.
        values.put("allowedTools", !someTools() ? "every tool"
                : allowedTools == null ? "" : String.join(", ", allowedTools.strip().lines().map(String::strip)
                        .filter(line -> !line.isEmpty()).toList()));
        return values;
    }

    /** The slugs of every installed plugin the app's view lists, by id. */
    static Map<UUID, String> slugsById(WhatsAppAppView app) {
        return Stream.concat(app.selectedPlugins().stream(), app.notSelectedPlugins().stream())
                .collect(Collectors.toMap(WhatsAppAppView.PluginRef::id, WhatsAppAppView.PluginRef::slug, (a, b) -> a));
    }

    /** Whether the form limits the tools. */
    public boolean someTools() {
        return ToolAllowlistLines.SOME.equals(tools);
    }

    /** The {@code If-Match} of this edit ({@link UiForms#ifMatch}). */
    public String ifMatch() {
        return UiForms.ifMatch(version);
    }

    /** Whether a secret was typed: the page says it must be typed again after a refused save. */
    public boolean anySecretTyped() {
        return accessToken != null && !accessToken.isEmpty() || appSecret != null && !appSecret.isEmpty()
                || verifyToken != null && !verifyToken.isEmpty();
    }

    @Override
    public String toString() {
        return "WhatsAppForm[" + phoneNumberId + ", " + displayName + "]";
    }
}
