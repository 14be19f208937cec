package ai.crafted.gateway.upstream;

import java.util.Optional;

import ai.crafted.tools.compiler.ToolProfile;

/**
 * The provider one request goes to.
 *
 * @param toolProfile  the form of function tools it accepts ({@code gateway.upstreams.<name>.tool-profile})
 * @param responsesApi whether it serves OpenAI's Responses API ({@code /responses}) itself
 *                     ({@code gateway.upstreams.<name>.responses-api})
 */
public record UpstreamTarget(String name, String baseUrl, Optional<String> apiKey, ToolProfile toolProfile,
        boolean responsesApi) {

    public UpstreamTarget(String name, String baseUrl, Optional<String> apiKey, ToolProfile toolProfile) {
        this(name, baseUrl, apiKey, toolProfile, false);
    }

    @Override
    public String toString() {
        return "UpstreamTarget[" + name + ", " + baseUrl + "]";
    }
}
