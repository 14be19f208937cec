package ai.crafted.gateway.replay;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready until the API keys, plugins and credentials present at start-up are in memory. */
@Readiness
@ApplicationScoped
public class ReplayReadinessCheck implements HealthCheck {

    private final ReplayProgress progress;

    public ReplayReadinessCheck(ReplayProgress progress) {
        this.progress = progress;
    }

    @Override
    public HealthCheckResponse call() {
        long behind = progress.behind();
        return HealthCheckResponse.named("state replay (api keys, plugins, credentials)")
                .status(behind == 0)
                .withData("recordsBehind", behind)
                .build();
    }
}
