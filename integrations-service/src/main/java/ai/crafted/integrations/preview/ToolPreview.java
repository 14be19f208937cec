package ai.crafted.integrations.preview;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import ai.crafted.integrations.allowlist.AllowedTool;
import ai.crafted.tools.compiler.ToolsArrays.Omitted;

/**
 * What the model sees: exactly the {@code tools} array the gateway sends for one surface with one
 * provider profile, and what it leaves out.
 *
 * @param profile         the provider profile ({@code openai}, {@code openai-strict}, {@code anthropic}, {@code gemini})
 * @param surface         whose requests these are
 * @param tools           the chat-completions {@code tools} array, as sent
 * @param omittedTools    each tool left out, by the name it would have had, with the reason
 * @param toolCount       how many tools {@code tools} holds
 * @param maxTools        the profile's limit of tools per request
 * @param bytes           size of {@code tools} as sent, in UTF-8 bytes
 * @param estimatedTokens a rough token count, one per four bytes (tokenizers differ per model)
 * @param allowedToolsNotListed the surface's allowlist entries that no catalog of its plugins lists
 *                        (yet): allowed, but they give the model nothing until the plugin lists the tool
 */
public record ToolPreview(String profile, Surface surface, JsonNode tools, List<Omitted> omittedTools, int toolCount,
        int maxTools, int bytes, int estimatedTokens, List<AllowedTool> allowedToolsNotListed) {

    /**
     * @param kind      {@code organization} (every plugin: what an API key request without
     *                  {@code plugins} gets), {@code api_key}, {@code whatsapp_app} or {@code plugins}
     * @param id        the API key or WhatsApp app, when the surface is one
     * @param pluginIds the plugins the surface is restricted to; absent for every plugin
     * @param allowedTools the surface's tool allowlist; absent for every tool of its plugins
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Surface(String kind, UUID id, List<UUID> pluginIds, List<AllowedTool> allowedTools) {
    }
}
