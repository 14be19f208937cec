package ai.crafted.gateway.providers;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;

import ai.crafted.testsupport.mcp.ScriptedUpstream;
import ai.crafted.testsupport.providers.ProviderToolRules;
import ai.crafted.tools.compiler.ToolProfile;

/**
 * One upstream per provider profile, each validating tools like that provider: the gateway's
 * upstream {@code p-<profile>} serves the model {@code <profile>-model} with that tool profile.
 */
public class ProviderUpstreamsResource implements QuarkusTestResourceLifecycleManager {

    private static final Map<ToolProfile, ScriptedUpstream> UPSTREAMS = new LinkedHashMap<>();
    private static Vertx vertx;

    static synchronized ScriptedUpstream upstream(ToolProfile profile) {
        if (UPSTREAMS.isEmpty()) {
            vertx = Vertx.vertx();
            for (ToolProfile p : ToolProfile.values()) {
                UPSTREAMS.put(p, ScriptedUpstream.start(vertx).validatingLike(switch (p) {
                    case OPENAI, OPENAI_STRICT -> ProviderToolRules.openAi();
                    case ANTHROPIC -> ProviderToolRules.anthropic();
                    case GEMINI -> ProviderToolRules.gemini();
                }));
            }
        }
        return UPSTREAMS.get(profile);
    }

    static String model(ToolProfile profile) {
        return profile.id() + "-model";
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>();
        for (ToolProfile profile : ToolProfile.values()) {
            String prefix = "gateway.upstreams.p-" + profile.id() + ".";
            config.put(prefix + "base-url", upstream(profile).baseUrl());
            config.put(prefix + "models", model(profile));
            config.put(prefix + "tool-profile", profile.id());
        }
        return config;
    }

    @Override
    public void stop() {
        UPSTREAMS.values().forEach(ScriptedUpstream::close);
        UPSTREAMS.clear();
        if (vertx != null) {
            vertx.close();
        }
    }
}
