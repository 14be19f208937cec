package ai.crafted.gateway.upstream;

import java.util.Optional;

import ai.crafted.tools.compiler.ToolProfile;

/**
 * The provider one request goes to.
 *
 * @param toolProfile the form of function tools it accepts ({@code gateway.upstreams.<name>.tool-profile})
 */
public record UpstreamTarget(String name, String baseUrl, Optional<String> apiKey, ToolProfile toolProfile) {

    @Override
    public String toString() {
        return "UpstreamTarget[" + name + ", " + baseUrl + "]";
    }
}
