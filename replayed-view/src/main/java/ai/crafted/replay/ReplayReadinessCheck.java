package ai.crafted.replay;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * {@code /q/health/ready} stays DOWN until every replayed topic is caught up to the end offsets
 * seen at start ({@code recordsBehind}: -1 while not assigned yet). Services without replayed
 * topics are always UP here.
 */
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
        return HealthCheckResponse.named("state replay " + progress.topics())
                .status(behind == 0)
                .withData("recordsBehind", behind)
                .build();
    }
}
