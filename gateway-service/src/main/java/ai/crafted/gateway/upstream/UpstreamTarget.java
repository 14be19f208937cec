package ai.crafted.gateway.upstream;

import java.util.Optional;

/** The provider one request goes to. */
public record UpstreamTarget(String name, String baseUrl, Optional<String> apiKey) {

    @Override
    public String toString() {
        return "UpstreamTarget[" + name + ", " + baseUrl + "]";
    }
}
