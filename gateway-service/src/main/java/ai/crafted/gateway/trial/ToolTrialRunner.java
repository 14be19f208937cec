package ai.crafted.gateway.trial;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

import ai.crafted.events.ToolDescriptor;
import ai.crafted.events.ToolTrialCompletedEvent;
import ai.crafted.events.ToolTrialRequestedEvent;
import ai.crafted.events.Topics;
import ai.crafted.gateway.plugin.Plugin;
import ai.crafted.gateway.plugin.PluginRegistry;
import ai.crafted.gateway.tools.InjectedTool;
import ai.crafted.gateway.tools.ToolExecutor;
import ai.crafted.replay.ReadYourWrites;
import ai.crafted.tools.ToolNames;

/**
 * Runs the tool calls admins ask for in the control panel ("Try tool", {@link ToolTrialRequestedEvent})
 * with the gateway's own {@link ToolExecutor}: the plugin as the gateway knows it (its current
 * configuration, credential and catalog), the same argument rules, timeouts, OAuth handling and
 * metrics as a model's call. Each trial is answered with one {@link ToolTrialCompletedEvent}.
 * <p>
 * One consumer group for all instances, so each trial runs on one of them. Kafka delivers at
 * least once: a trial id seen here is not run again (for {@link #REMEMBERED}), and a request past
 * its {@code expiresAt} is answered {@code expired} without a call, so a backlog replayed after an
 * outage never calls tools nobody is waiting for.
 */
@ApplicationScoped
public class ToolTrialRunner {

    /** How long a trial id is remembered against a second delivery. */
    static final Duration REMEMBERED = Duration.ofMinutes(30);
    private static final Logger LOG = Logger.getLogger(ToolTrialRunner.class);

    private final PluginRegistry plugins;
    private final ToolExecutor executor;
    private final ReadYourWrites readYourWrites;
    private final MutinyEmitter<ToolTrialCompletedEvent> completions;
    private final Cache<UUID, Boolean> seen = Caffeine.newBuilder().expireAfterWrite(REMEMBERED).maximumSize(100_000).build();

    public ToolTrialRunner(PluginRegistry plugins, ToolExecutor executor, ReadYourWrites readYourWrites,
            @Channel(Topics.TOOL_TRIAL_COMPLETED) MutinyEmitter<ToolTrialCompletedEvent> completions) {
        this.plugins = plugins;
        this.readYourWrites = readYourWrites;
        this.executor = executor;
        this.completions = completions;
    }

    /** Runs one requested trial and publishes its outcome; never fails (a failure is an outcome). */
    @Incoming(Topics.TOOL_TRIAL_REQUESTED)
    public Uni<Void> run(ToolTrialRequestedEvent request) {
        if (request == null || request.schemaVersion() != ToolTrialRequestedEvent.SCHEMA_VERSION
                || request.organizationId() == null || request.trialId() == null || request.integrationId() == null) {
            LOG.warn("skipping a tool-trial-requested record that is unreadable or of an unknown schema version");
            return Uni.createFrom().voidItem();
        }
        if (seen.asMap().putIfAbsent(request.trialId(), Boolean.TRUE) != null) {
            return Uni.createFrom().voidItem();
        }
        // The trial was asked for after the plugin's events were acknowledged: the views hold them once caught up.
        return readYourWrites.await().chain(() -> attempt(request)).onFailure().recoverWithUni(failure -> {
            LOG.warnf("tool trial %s failed inside the gateway: %s", request.trialId(), failure.toString());
            return complete(request, "error", "Error: the gateway could not run the tool (internal error).", 0);
        });
    }

    private Uni<Void> attempt(ToolTrialRequestedEvent request) {
        if (request.expiresAt() == null || !Instant.now().isBefore(request.expiresAt())) {
            return complete(request, "expired", "Not run: the gateway received the request after it expired"
                    + " (it was asked for too long ago); try again.", 0);
        }
        Optional<InjectedTool> tool = find(request);
        if (tool.isEmpty()) {
            return complete(request, "refused", "Not run: the gateway has no tool '" + request.toolName()
                    + "' for this plugin (deleted, changed, or its catalog not delivered to the gateway yet).", 0);
        }
        long started = System.nanoTime();
        return executor.call(tool.get(), request.arguments())
                .chain(result -> complete(request, result.outcome(), result.text(),
                        Duration.ofNanos(System.nanoTime() - started).toMillis()));
    }

    /** The tool as the gateway would offer it to a model of the organisation, if it would. */
    private Optional<InjectedTool> find(ToolTrialRequestedEvent request) {
        Optional<Plugin> plugin = plugins.find(request.organizationId(), request.integrationId());
        if (plugin.isEmpty() || request.toolName() == null) {
            return Optional.empty();
        }
        for (ToolDescriptor descriptor : plugins.toolsOf(plugin.get())) {
            if (descriptor.name().equals(request.toolName())) {
                // No compiled form: the arguments come from a person and are sent as given (no strict-mode nulls to drop).
                return Optional.of(new InjectedTool(ToolNames.exposedName(plugin.get().state().slug(), descriptor.name()),
                        plugin.get(), descriptor, null));
            }
        }
        return Optional.empty();
    }

    private Uni<Void> complete(ToolTrialRequestedEvent request, String outcome, String text, long durationMs) {
        String result = text.length() <= ToolTrialCompletedEvent.MAX_RESULT_CHARS ? text
                : text.substring(0, ToolTrialCompletedEvent.MAX_RESULT_CHARS) + "\n… (cut: "
                        + (text.length() - ToolTrialCompletedEvent.MAX_RESULT_CHARS) + " more characters)";
        var event = new ToolTrialCompletedEvent(ToolTrialCompletedEvent.SCHEMA_VERSION, UUID.randomUUID(), Instant.now(),
                request.organizationId(), request.trialId(), outcome, result, durationMs);
        return completions.sendMessage(Message.of(event).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withKey(request.trialId().toString()).build()))
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("could not publish the outcome of tool trial %s: %s", request.trialId(), failure.getMessage());
                    return null;
                });
    }
}
