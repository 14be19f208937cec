package ai.crafted.integrations.integration;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import ai.crafted.integrations.config.IntegrationsConfig;

public class EndpointPolicyProducer {

    @Produces
    @ApplicationScoped
    EndpointPolicy endpointPolicy(IntegrationsConfig config) {
        return new EndpointPolicy(config.endpoint().allowedPrivateHosts().orElse(Set.of()));
    }
}
