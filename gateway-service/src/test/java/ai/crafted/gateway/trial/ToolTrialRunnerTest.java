package ai.crafted.gateway.trial;

import static ai.crafted.gateway.chat.GatewayFixtures.ECHO_SCHEMA;
import static ai.crafted.gateway.chat.GatewayFixtures.ID_SCHEMA;
import static ai.crafted.gateway.chat.GatewayFixtures.tool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;

import ai.crafted.events.EventJson;
import ai.crafted.events.ToolTrialCompletedEvent;
import ai.crafted.events.ToolTrialRequestedEvent;
import ai.crafted.events.Topics;
import ai.crafted.gateway.chat.GatewayFixtures;
import ai.crafted.gateway.plugin.PluginRegistry;
import ai.crafted.testsupport.kafka.KafkaBrokerResource;
import ai.crafted.testsupport.kafka.TopicReader;
import ai.crafted.testsupport.kafka.TopicWriter;
import ai.crafted.testsupport.mcp.EverythingServer;
import ai.crafted.testsupport.mcp.FixtureMcpServer;
import ai.crafted.testsupport.mcp.ScriptedUpstreamResource;

/**
 * "Try tool" trials reach the live MCP server (server-everything) through the gateway's executor,
 * once, and only while fresh; what the gateway does not offer is refused without a call.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(ScriptedUpstreamResource.class)
class ToolTrialRunnerTest {

    private static EverythingServer everything;
    private static Vertx vertx;
    private static FixtureMcpServer fixture;

    @Inject
    PluginRegistry plugins;

    private final UUID org = UUID.randomUUID();
    private final UUID plugin = UUID.randomUUID();

    @BeforeAll
    static void startServer() {
        everything = EverythingServer.streamableHttp();
        vertx = Vertx.vertx();
        fixture = FixtureMcpServer.start(vertx);
    }

    @AfterAll
    static void stopServer() {
        everything.close();
        fixture.close();
        vertx.close();
    }

    @BeforeEach
    void organisationWithThePlugin() {
        GatewayFixtures.plugin(org, plugin, "everything", everything.endpoint(), null, List.of(tool("echo", ECHO_SCHEMA)));
        await().atMost(Duration.ofSeconds(20)).until(() -> plugins.find(org, plugin)
                .map(p -> !plugins.toolsOf(p).isEmpty()).orElse(false));
    }

    @Test
    void aTrialCallsTheLiveToolOnceAndAnswersWhatTheModelWouldRead() {
        UUID trial = UUID.randomUUID();
        try (TopicReader answers = new TopicReader(Topics.TOOL_TRIAL_COMPLETED)) {
            ToolTrialRequestedEvent request = request(trial, org, plugin, "echo", "{\"message\":\"hello trial\"}",
                    Instant.now().plusSeconds(60));
            TopicWriter.send(Topics.TOOL_TRIAL_REQUESTED, plugin.toString(), request);
            TopicWriter.send(Topics.TOOL_TRIAL_REQUESTED, plugin.toString(), request); // delivered twice

            ToolTrialCompletedEvent answer = answer(answers, trial);
            assertThat(answer.outcome()).isEqualTo("ok");
            assertThat(answer.result()).contains("hello trial");
            assertThat(answer.organizationId()).isEqualTo(org);
            assertThat(answer.durationMs()).isGreaterThanOrEqualTo(0);
            assertThatThrownBy(() -> answers.awaitForKey(trial.toString(), 2, Duration.ofSeconds(3)))
                    .as("a second delivery is not run again").isInstanceOf(AssertionError.class);
        }
    }

    @Test
    void whatTheGatewayWouldNotRunIsAnsweredWithoutACall() {
        UUID unknownTool = UUID.randomUUID();
        UUID otherOrganisation = UUID.randomUUID();
        UUID expired = UUID.randomUUID();
        UUID badArguments = UUID.randomUUID();
        UUID schemaMismatch = UUID.randomUUID();
        Instant fresh = Instant.now().plusSeconds(60);
        try (TopicReader answers = new TopicReader(Topics.TOOL_TRIAL_COMPLETED)) {
            TopicWriter.send(Topics.TOOL_TRIAL_REQUESTED, plugin.toString(), request(unknownTool, org, plugin, "no_such", "{}", fresh));
            TopicWriter.send(Topics.TOOL_TRIAL_REQUESTED, plugin.toString(),
                    request(otherOrganisation, UUID.randomUUID(), plugin, "echo", "{\"message\":\"x\"}", fresh));
            TopicWriter.send(Topics.TOOL_TRIAL_REQUESTED, plugin.toString(),
                    request(expired, org, plugin, "echo", "{\"message\":\"late\"}", Instant.now().minusSeconds(1)));
            TopicWriter.send(Topics.TOOL_TRIAL_REQUESTED, plugin.toString(),
                    request(badArguments, org, plugin, "echo", "{\"message\":\"a\"} {\"message\":\"b\"}", fresh));
            TopicWriter.send(Topics.TOOL_TRIAL_REQUESTED, plugin.toString(),
                    request(schemaMismatch, org, plugin, "echo", "{}", fresh));

            assertThat(answer(answers, unknownTool).outcome()).isEqualTo("refused");
            ToolTrialCompletedEvent foreign = answer(answers, otherOrganisation);
            assertThat(foreign.outcome()).as("another organisation's plugin id is no plugin of it").isEqualTo("refused");
            assertThat(answer(answers, expired).outcome()).isEqualTo("expired");
            assertThat(answer(answers, badArguments).outcome()).isEqualTo("bad_arguments");
            ToolTrialCompletedEvent mismatch = answer(answers, schemaMismatch);
            assertThat(mismatch.outcome()).as(mismatch.result()).isIn("error", "tool_error");
        }
    }

    @Test
    void oneOrganisationsTrialsNeitherHoldUpAnothersNorRunWithoutLimit() {
        UUID busy = UUID.randomUUID();
        UUID busyPlugin = UUID.randomUUID();
        // stuck_tool answers after 30 s: the busy organisation's trials keep their slots for the whole test.
        GatewayFixtures.plugin(busy, busyPlugin, "fix", fixture.url("/mcp"), 60_000, List.of(tool("stuck_tool", ID_SCHEMA)));
        await().atMost(Duration.ofSeconds(20)).until(() -> plugins.find(busy, busyPlugin)
                .map(p -> !plugins.toolsOf(p).isEmpty()).orElse(false));
        Instant fresh = Instant.now().plusSeconds(60);
        List<UUID> stuck = new java.util.ArrayList<>();
        try (TopicReader answers = new TopicReader(Topics.TOOL_TRIAL_COMPLETED)) {
            for (int i = 0; i <= ToolTrialRunner.PER_ORGANIZATION; i++) {
                UUID trial = UUID.randomUUID();
                stuck.add(trial);
                TopicWriter.send(Topics.TOOL_TRIAL_REQUESTED, busyPlugin.toString(),
                        request(trial, busy, busyPlugin, "stuck_tool", "{\"id\":\"1\"}", fresh));
            }
            ToolTrialCompletedEvent refused = answer(answers, stuck.get(ToolTrialRunner.PER_ORGANIZATION));
            assertThat(refused.outcome()).isEqualTo("refused");
            assertThat(refused.result()).contains("already has " + ToolTrialRunner.PER_ORGANIZATION + " tool trials running");

            UUID mine = UUID.randomUUID();
            TopicWriter.send(Topics.TOOL_TRIAL_REQUESTED, plugin.toString(),
                    request(mine, org, plugin, "echo", "{\"message\":\"not held up\"}", fresh));
            ToolTrialCompletedEvent answered = answer(answers, mine);
            assertThat(answered.outcome()).isEqualTo("ok");
            assertThat(answered.result()).contains("not held up");
            // The busy organisation's first four are still running (their answers come after 30 s).
            assertThat(answers.await(r -> stuck.subList(0, ToolTrialRunner.PER_ORGANIZATION).contains(UUID.fromString(r.key())),
                    0, Duration.ZERO)).isEmpty();
        }
    }

    private static ToolTrialRequestedEvent request(UUID trial, UUID organization, UUID integration, String tool,
            String arguments, Instant expiresAt) {
        return new ToolTrialRequestedEvent(ToolTrialRequestedEvent.SCHEMA_VERSION, UUID.randomUUID(), Instant.now(),
                organization, trial, integration, tool, arguments, expiresAt);
    }

    private static ToolTrialCompletedEvent answer(TopicReader answers, UUID trial) {
        return EventJson.read(answers.awaitForKey(trial.toString(), 1, Duration.ofSeconds(30)).get(0).value(),
                ToolTrialCompletedEvent.class);
    }
}
