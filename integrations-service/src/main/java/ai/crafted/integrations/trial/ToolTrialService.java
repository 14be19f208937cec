package ai.crafted.integrations.trial;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

import ai.crafted.events.McpServerConfig;
import ai.crafted.events.ToolDescriptor;
import ai.crafted.events.ToolTrialCompletedEvent;
import ai.crafted.events.ToolTrialRequestedEvent;
import ai.crafted.events.Topics;
import ai.crafted.integrations.config.IntegrationsConfig;
import ai.crafted.integrations.consistency.AnswerPolling;
import ai.crafted.integrations.error.ApiException;
import ai.crafted.integrations.error.ErrorCodes;
import ai.crafted.integrations.error.RequestChecks;
import ai.crafted.integrations.integration.IntegrationRepository;
import ai.crafted.integrations.integration.IntegrationService;
import ai.crafted.integrations.integration.IntegrationView;
import ai.crafted.outbox.Outbox;

/**
 * "Try tool": an admin calls one tool of a plugin from the control panel. The call belongs to the
 * gateway, which runs it with the executor and rules it uses for a model's calls: we record the
 * request, ask over Kafka (outbox, {@link ToolTrialRequestedEvent}) and wait, like a catalog
 * refresh, until the gateway's answer ({@link ToolTrialCompletedEvent}) is stored, at most the
 * plugin's MCP timeout plus {@code integrations.refresh.answer-margin}; after that the trial is
 * answered still {@code pending} and its page or {@code GET} shows the outcome when it comes.
 */
@ApplicationScoped
public class ToolTrialService {

    /** Largest arguments object, in bytes of JSON. */
    public static final int MAX_ARGUMENT_BYTES = 64 * 1024;
    /** How long the gateway may still run a trial after it was asked for. */
    static final Duration EXPIRY = Duration.ofMinutes(2);
    /** How many of a plugin's recent trials a list shows. */
    public static final int RECENT = 20;

    private final ToolTrialRepository repository;
    private final IntegrationService integrations;
    private final IntegrationRepository integrationRecords;
    private final Outbox outbox;
    private final RequestChecks checks;
    private final IntegrationsConfig config;
    private final ObjectMapper json;
    private final AnswerPolling polling;

    public ToolTrialService(ToolTrialRepository repository, IntegrationService integrations,
            IntegrationRepository integrationRecords, Outbox outbox, RequestChecks checks, IntegrationsConfig config,
            ObjectMapper json, AnswerPolling polling) {
        this.repository = repository;
        this.integrations = integrations;
        this.integrationRecords = integrationRecords;
        this.outbox = outbox;
        this.checks = checks;
        this.config = config;
        this.json = json;
        this.polling = polling;
    }

    /**
     * Records a trial, asks the gateway to run it and answers once it has run (or is still pending
     * at the deadline described on the class).
     *
     * @param requestedBy the admin's subject, recorded with the trial
     * @throws ApiException 404 {@code not_found} for another organisation's or an unknown
     *                      integration; 400 {@code invalid_request} for a tool that is not in the
     *                      plugin's current catalog ({@code toolName}) or arguments that are not one
     *                      JSON object or are too large ({@code arguments})
     */
    public Uni<ToolTrialView> start(UUID organizationId, UUID integrationId, ToolTrialRequest request, String requestedBy) {
        return start(organizationId, integrationId, request, requestedBy, null);
    }

    /**
     * As {@link #start(UUID, UUID, ToolTrialRequest, String)}, waiting at most {@code longestWait}
     * (null: the plugin's timeout plus the margin) before answering a trial still pending: a page
     * shows its waiting state rather than keep the browser spinning.
     */
    public Uni<ToolTrialView> start(UUID organizationId, UUID integrationId, ToolTrialRequest request, String requestedBy,
            Duration longestWait) {
        checks.validated(request);
        String arguments = argumentsOf(request.arguments());
        return integrations.get(organizationId, integrationId).chain(plugin -> {
            requireTool(plugin, request.toolName());
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            ToolTrialEntity trial = new ToolTrialEntity();
            trial.id = UUID.randomUUID();
            trial.organizationId = organizationId;
            trial.integrationId = integrationId;
            trial.toolName = request.toolName();
            trial.arguments = arguments;
            trial.requestedBy = requestedBy;
            trial.requestedAt = now;
            trial.expiresAt = now.plus(EXPIRY);
            trial.status = ToolTrialEntity.PENDING;
            Duration wait = plugin.config().timeout().plus(config.refresh().answerMargin());
            Instant deadline = now.plus(longestWait != null && longestWait.compareTo(wait) < 0 ? longestWait : wait);
            return Panache.withTransaction(() -> repository.persist(trial).call(saved -> outbox.enqueue(
                    Topics.TOOL_TRIAL_REQUESTED, integrationId.toString(), new ToolTrialRequestedEvent(
                            ToolTrialRequestedEvent.SCHEMA_VERSION, UUID.randomUUID(), now, organizationId, saved.id,
                            integrationId, saved.toolName, saved.arguments, saved.expiresAt))))
                    .chain(saved -> awaitAnswer(organizationId, saved.id, deadline));
        });
    }

    /** One trial of the organisation's integration, or 404 {@code not_found}. */
    @WithSession
    public Uni<ToolTrialView> find(UUID organizationId, UUID integrationId, UUID trialId) {
        return repository.findOwned(organizationId, trialId).map(trial -> {
            if (trial == null || !trial.integrationId.equals(integrationId)) {
                throw ApiException.notFound("tool trial " + trialId);
            }
            return view(trial);
        });
    }

    /**
     * The integration's {@value #RECENT} latest trials, newest first; only of {@code toolName} when given.
     *
     * @throws ApiException 404 {@code not_found} for another organisation's or an unknown integration; 400
     *                      {@code invalid_request} for a {@code toolName} no tool can have
     */
    @WithSession
    public Uni<List<ToolTrialView>> recent(UUID organizationId, UUID integrationId, String toolName) {
        if (toolName != null) {
            // The name rules of a trial's request (1-200 characters, no control characters).
            checks.validated(new ToolTrialRequest(toolName, null));
        }
        return integrationRecords.findOwnedOrNotFound(organizationId, integrationId, "integration " + integrationId)
                .chain(owned -> recentOf(organizationId, integrationId, toolName));
    }

    private Uni<List<ToolTrialView>> recentOf(UUID organizationId, UUID integrationId, String toolName) {
        var query = toolName == null
                ? repository.find("organizationId = ?1 and integrationId = ?2 order by requestedAt desc", organizationId,
                        integrationId)
                : repository.find("organizationId = ?1 and integrationId = ?2 and toolName = ?3 order by requestedAt desc",
                        organizationId, integrationId, toolName);
        return query.range(0, RECENT - 1).list().map(trials -> trials.stream().map(this::view).toList());
    }

    /**
     * Stores the gateway's answer on a pending trial of that organisation; an answer for another
     * organisation's or an unknown trial, or a second answer, changes nothing. Runs in the caller's
     * transaction.
     */
    public Uni<Void> complete(ToolTrialCompletedEvent answer) {
        return repository.update("status = ?1, result = ?2, durationMs = ?3, completedAt = ?4"
                        + " where id = ?5 and organizationId = ?6 and status = ?7",
                answer.outcome(), answer.result().replace('\u0000', '\uFFFD'), answer.durationMs(), Instant.now().truncatedTo(ChronoUnit.MILLIS),
                answer.trialId(), answer.organizationId(), ToolTrialEntity.PENDING).replaceWithVoid();
    }

    private static void requireTool(IntegrationView plugin, String toolName) {
        List<ToolDescriptor> tools = plugin.toolCatalog() == null ? List.of() : plugin.toolCatalog();
        if (tools.stream().noneMatch(tool -> tool.name().equals(toolName))) {
            throw new ApiException(400, ErrorCodes.INVALID_REQUEST, "toolName '" + toolName + "' is not a tool of this"
                    + " plugin's catalog" + (tools.isEmpty() ? " (it has no tools yet: refresh its catalog)" : ""),
                    "toolName");
        }
    }

    private String argumentsOf(JsonNode arguments) {
        if (arguments != null && !arguments.isNull() && !arguments.isObject()) {
            throw new ApiException(400, ErrorCodes.INVALID_REQUEST, "arguments must be one JSON object", "arguments");
        }
        try {
            String text = json.writeValueAsString(arguments == null || arguments.isNull() ? json.createObjectNode() : arguments);
            if (text.getBytes(StandardCharsets.UTF_8).length > MAX_ARGUMENT_BYTES) {
                throw new ApiException(400, ErrorCodes.INVALID_REQUEST, "arguments must be at most "
                        + MAX_ARGUMENT_BYTES / 1024 + " KiB as JSON", "arguments");
            }
            return text;
        } catch (JsonProcessingException e) {
            throw new ApiException(400, ErrorCodes.INVALID_REQUEST, "arguments must be one JSON object", "arguments");
        }
    }

    /** Waits until the gateway's answer is stored or the deadline passes (then the trial is still pending). */
    private Uni<ToolTrialView> awaitAnswer(UUID organizationId, UUID trialId, Instant deadline) {
        return polling.until(() -> Panache.withSession(() -> repository.findOwned(organizationId, trialId)),
                trial -> !ToolTrialEntity.PENDING.equals(trial.status), deadline).map(this::view);
    }

    /**
     * Whether a pending trial can no longer be answered: the gateway runs none after its expiry,
     * and one started just before it ends within the longest MCP timeout plus the answer margin.
     * (An outcome that was lost, or no gateway consuming, leaves it pending for good otherwise.)
     */
    private boolean unanswerable(ToolTrialEntity trial) {
        return ToolTrialEntity.PENDING.equals(trial.status) && Instant.now().isAfter(trial.expiresAt
                .plusMillis(McpServerConfig.MAX_TIMEOUT_MS).plus(config.refresh().answerMargin()));
    }

    private ToolTrialView view(ToolTrialEntity trial) {
        JsonNode arguments;
        try {
            arguments = json.readTree(trial.arguments);
        } catch (JsonProcessingException e) {
            arguments = json.createObjectNode();
        }
        if (unanswerable(trial)) {
            return new ToolTrialView(trial.id, trial.integrationId, trial.toolName, arguments, trial.requestedBy,
                    trial.requestedAt, trial.expiresAt, ToolTrialView.UNANSWERED, "The gateway did not answer this call"
                            + " (none was running, or its answer was lost): whether the tool ran is not known.", null, null);
        }
        return new ToolTrialView(trial.id, trial.integrationId, trial.toolName, arguments, trial.requestedBy,
                trial.requestedAt, trial.expiresAt, trial.status, trial.result, trial.durationMs, trial.completedAt);
    }
}
