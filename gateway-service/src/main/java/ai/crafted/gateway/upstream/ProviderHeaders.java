package ai.crafted.gateway.upstream;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerResponse;

import ai.crafted.gateway.config.GatewayConfig;

/**
 * Which provider response headers reach the client ({@code gateway.provider-headers}): names
 * matched case-insensitively, a trailing {@code *} a prefix. The OpenAI SDKs read
 * {@code x-request-id} as the response's request id and back off by {@code retry-after},
 * {@code retry-after-ms} and {@code x-should-retry}; everything else a provider sends stays here.
 * {@code gateway.provider-headers=none} passes none.
 */
@ApplicationScoped
public class ProviderHeaders {

    private final Set<String> names = new HashSet<>();
    private final List<String> prefixes = new ArrayList<>();

    /** The headers of {@code gateway.provider-headers}. */
    @Inject
    public ProviderHeaders(GatewayConfig config) {
        this(config.providerHeaders());
    }

    /**
     * @param entries header names, or prefixes ending in {@code *}; {@code none} (an empty list
     *                cannot be configured: SmallRye Config reads it as unset) passes nothing
     */
    public ProviderHeaders(List<String> entries) {
        for (String entry : entries) {
            String name = entry.strip().toLowerCase(Locale.ROOT);
            if (name.equals("none")) {
                continue;
            }
            if (name.endsWith("*")) {
                prefixes.add(name.substring(0, name.length() - 1));
            } else if (!name.isEmpty()) {
                names.add(name);
            }
        }
    }

    /** The headers of a provider response that may be passed on (a new map; empty when none). */
    public MultiMap forwardable(MultiMap providerResponse) {
        MultiMap kept = MultiMap.caseInsensitiveMultiMap();
        providerResponse.forEach((name, value) -> {
            if (passes(name)) {
                kept.add(name, value);
            }
        });
        return kept;
    }

    /**
     * Puts forwardable headers on the client's response, replacing a value already set under the
     * same name (the gateway's own {@code x-request-id} gives way to the provider's). Does nothing
     * once the response head has been written.
     */
    public static void apply(MultiMap forwardable, HttpServerResponse response) {
        if (response.headWritten()) {
            return;
        }
        for (String name : forwardable.names()) {
            response.headers().set(name, forwardable.getAll(name));
        }
    }

    private boolean passes(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (names.contains(lower)) {
            return true;
        }
        for (String prefix : prefixes) {
            if (lower.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
