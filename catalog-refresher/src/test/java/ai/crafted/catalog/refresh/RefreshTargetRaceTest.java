package ai.crafted.catalog.refresh;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;

import ai.crafted.events.ChangeType;
import ai.crafted.events.IntegrationUpdatedEvent;
import ai.crafted.events.McpServerConfig;
import ai.crafted.events.McpTransport;
import ai.crafted.testsupport.events.SampleEvents;
import ai.crafted.testsupport.postgres.TestDatabase;

/**
 * An install's {@code integration-updated} and its first refresh request arrive on two consumers
 * at the same moment (as they do when both channels are assigned together): both create the
 * refresh target, one loses the insert race and must retry, never fail (a failed refresh request
 * goes to the dead-letter topic and the control panel's refresh answers 504).
 */
@QuarkusTest
class RefreshTargetRaceTest {

    @Inject
    RefreshTargetService targets;

    @Inject
    Vertx vertx;

    @Test
    void anInstallAndItsRefreshRequestCreatingTheTargetTogetherBothSucceed() {
        UUID org = UUID.randomUUID();
        McpServerConfig config = new McpServerConfig("http://127.0.0.1:9/mcp", McpTransport.STREAMABLE_HTTP, 1000);
        List<CompletableFuture<?>> all = new ArrayList<>();
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            UUID id = UUID.randomUUID();
            ids.add(id);
            IntegrationUpdatedEvent installed = SampleEvents.integration(ChangeType.CREATED, org, id, 0, "race-" + i, config, null);
            RefreshTarget requested = new RefreshTarget(org, id, config, null);
            String slug = "race-" + i;
            CompletableFuture<Object> applied = new CompletableFuture<>();
            CompletableFuture<Object> current = new CompletableFuture<>();
            // Each on its own event-loop context, as the two consumers are.
            vertx.getOrCreateContext().runOnContext(v -> targets.apply(installed).subscribe().with(applied::complete,
                    applied::completeExceptionally));
            vertx.getOrCreateContext().runOnContext(v -> targets.current(requested, 0, slug).subscribe().with(
                    current::complete, current::completeExceptionally));
            all.add(applied);
            all.add(current);
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).orTimeout(Duration.ofSeconds(60).toSeconds(),
                java.util.concurrent.TimeUnit.SECONDS).join();
        for (UUID id : ids) {
            assertThat(TestDatabase.query("select * from refresh_targets where integration_id = ?", id)).hasSize(1);
        }
    }
}
