package ai.crafted.gateway.trial;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

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
 * One consumer group for all instances, so each trial runs on one of them; a record is
 * acknowledged before its call (at most once), and each trial runs on its own, within
 * {@link TrialSlots} (so one organisation's slow tools never hold up another's trials). A trial id seen here is not run again (for
 * {@link #REMEMBERED}), and a request past its {@code expiresAt} is answered {@code expired}
 * without a call, so a backlog replayed after an outage never calls tools nobody is waiting for.
 */
@ApplicationScoped
public class ToolTrialRunner {

    /** How long a trial id is remembered against a second delivery. */
    static final Duration REMEMBERED = Duration.ofMinutes(30);
    /** Trials of one organisation running at once on an instance. */
    static final int PER_ORGANIZATION = 4;
    /** Trials running at once on an instance. */
    static final int IN_ALL = 32;
    private static final Logger LOG = Logger.getLogger(ToolTrialRunner.class);

    private final PluginRegistry plugins;
    private final ToolExecutor executor;
    private final ReadYourWrites readYourWrites;
    private final MutinyEmitter<ToolTrialCompletedEvent> completions;
    private final Cache<UUID, Boolean> seen = Caffeine.newBuilder().expireAfterWrite(REMEMBERED).maximumSize(100_000).build();
    /** Trials running at once: {@value #PER_ORGANIZATION} per organisation, {@value #IN_ALL} in all (per instance). */
    private final TrialSlots slots = new TrialSlots(PER_ORGANIZATION, IN_ALL);

    public ToolTrialRunner(PluginRegistry plugins, ToolExecutor executor, ReadYourWrites readYourWrites,
            @Channel(Topics.TOOL_TRIAL_COMPLETED) MutinyEmitter<ToolTrialCompletedEvent> completions) {
        this.plugins = plugins;
        this.readYourWrites = readYourWrites;
        this.executor = executor;
        this.completions = completions;
    }

    /**
     * Runs one requested trial and publishes its outcome; never fails (a failure is an outcome).
     * Acknowledged before it runs: a person asked for one call, so a crash mid-call loses the trial
     * (it shows as unanswered) rather than letting another instance call the tool a second time.
     */
    @Incoming(Topics.TOOL_TRIAL_REQUESTED)
    @Acknowledgment(Acknowledgment.Strategy.PRE_PROCESSING)
    public Uni<Void> run(ToolTrialRequestedEvent request) {
        if (request == null || request.schemaVersion() != ToolTrialRequestedEvent.SCHEMA_VERSION
                || request.organizationId() == null || request.trialId() == null || request.integrationId() == null) {
            LOG.warn("skipping a tool-trial-requested record that is unreadable or of an unknown schema version");
            return Uni.createFrom().voidItem();
        }
        if (seen.asMap().putIfAbsent(request.trialId(), Boolean.TRUE) != null) {
            return Uni.createFrom().voidItem();
        }
        UUID organization = request.organizationId();
        if (!slots.acquire(organization)) {
            return complete(request, "refused", "Not run: this organisation already has " + slots.perOrganization()
                    + " tool trials running on the gateway (or the gateway is at its limit); try again when one has finished.", 0);
        }
        // Runs on its own: the next record (another organisation's trial, say) does not wait for this one.
        // The trial was asked for after the plugin's events were acknowledged: the views hold them once
        // caught up. That wait ends on another thread: the call goes on on the record's own context.
        Context context = Vertx.currentContext();
        Uni<Void> caughtUp = readYourWrites.await();
        if (context != null) {
            caughtUp = caughtUp.emitOn(task -> context.runOnContext(ignored -> task.run()));
        }
        caughtUp.chain(() -> attempt(request))
                .onFailure().recoverWithUni(failure -> {
                    LOG.warnf("tool trial %s failed inside the gateway: %s", request.trialId(), failure.toString());
                    return complete(request, "error", "Error: the gateway could not run the tool (internal error).", 0);
                })
                .eventually(() -> slots.release(organization))
                .subscribe().with(ignored -> { }, failure -> LOG.warnf("tool trial %s: %s", request.trialId(), failure));
        return Uni.createFrom().voidItem();
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
        // NUL cannot be stored in a PostgreSQL text column: shown as the replacement character instead.
        String readable = text.replace('\u0000', '\uFFFD');
        String result = readable;
        if (readable.length() > ToolTrialCompletedEvent.MAX_RESULT_CHARS) {
            int end = ToolTrialCompletedEvent.MAX_RESULT_CHARS;
            if (Character.isHighSurrogate(readable.charAt(end - 1))) {
                end--; // never between the two halves of one character (an emoji, say)
            }
            result = readable.substring(0, end) + "\n… (cut: " + (readable.length() - end) + " more characters)";
        }
        var event = new ToolTrialCompletedEvent(ToolTrialCompletedEvent.SCHEMA_VERSION, UUID.randomUUID(), Instant.now(),
                request.organizationId(), request.trialId(), outcome, result, durationMs);
        return completions.sendMessage(Message.of(event).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withKey(request.trialId().toString()).build()))
                // The call was made: its outcome is worth a few tries (a broker hiccup), then it shows as unanswered.
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).atMost(5)
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("could not publish the outcome of tool trial %s: %s", request.trialId(), failure.getMessage());
                    return null;
                });
    }
}
