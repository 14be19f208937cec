package ai.crafted.gateway.tools;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;

import ai.crafted.events.IntegrationState;
import ai.crafted.events.UsageRecordedEvent;
import ai.crafted.gateway.plugin.PluginCredentials;
import ai.crafted.gateway.tracing.GatewaySpans;
import ai.crafted.mcp.McpClient;
import ai.crafted.mcp.McpEndpoint;
import ai.crafted.mcp.McpException;
import ai.crafted.tools.compiler.StrictArguments;

/**
 * Calls the live MCP server for one tool call and turns whatever happens into text the model
 * can read: results, tool errors ({@code isError}) and failures (timeouts, HTTP errors) alike.
 * It never fails, so a broken tool can never become an HTTP 500 for the caller.
 */
@ApplicationScoped
public class ToolExecutor {

    private static final String NO_CREDENTIAL = "its credential is not available to the gateway";

    private final McpClient client;
    private final PluginCredentials credentials;
    private final MeterRegistry meters;
    private final ToolArguments arguments;
    private final OAuthStepUp stepUp;
    private final GatewaySpans spans;

    public ToolExecutor(McpClient client, PluginCredentials credentials, MeterRegistry meters, ObjectMapper json,
            OAuthStepUp stepUp, GatewaySpans spans) {
        this.spans = spans;
        this.client = client;
        this.credentials = credentials;
        this.stepUp = stepUp;
        this.meters = meters;
        this.arguments = new ToolArguments(json);
    }

    /**
     * Calls the tool with the model's arguments. Never fails: a failure is a result with its
     * outcome and an {@code Error…} text for the model. Traced as an {@code execute_tool} span.
     */
    public Uni<ToolCallResult> call(InjectedTool tool, String argumentsJson) {
        return spans.toolCall(tool, () -> callUntraced(tool, argumentsJson));
    }

    private Uni<ToolCallResult> callUntraced(InjectedTool tool, String argumentsJson) {
        Timer.Sample sample = Timer.start(meters);
        ToolArguments.Parsed parsed = arguments.parse(argumentsJson);
        if (parsed.problem() != null) {
            return Uni.createFrom().item(record(sample, tool, UsageRecordedEvent.OUTCOME_BAD_ARGUMENTS, "Error: " + tool.exposedName()
                    + " was not called: " + parsed.problem() + ". Call it again with one JSON object of arguments."));
        }
        JsonNode arguments = parsed.object();
        if (tool.form() != null && !tool.form().nullMeansAbsent().isEmpty() && arguments instanceof ObjectNode object) {
            StrictArguments.removeAbsentNulls(object, tool.form().nullMeansAbsent());
        }
        return Uni.createFrom().deferred(() -> client.callTool(endpointOf(tool), tool.tool().name(), arguments,
                        tool.tool().inputSchema()))
                .map(result -> {
                    boolean isError = result.path("isError").asBoolean(false);
                    String text = ToolResultText.of(result);
                    return record(sample, tool, isError ? UsageRecordedEvent.OUTCOME_TOOL_ERROR : UsageRecordedEvent.OUTCOME_OK,
                            isError ? "Error from tool " + tool.tool().name() + ": " + text : text);
                })
                .onFailure().recoverWithItem(failure -> record(sample, tool, UsageRecordedEvent.OUTCOME_ERROR, "Error: the tool "
                        + tool.tool().name() + " could not be called: " + describe(tool, failure)));
    }

    /**
     * The failure in words the model (and whoever reads the conversation) can act on: an OAuth
     * credential that needs a reconnect is named as such when the server refused its token (401,
     * 403), and one that lacks scope ({@link OAuthStepUp}); {@link #endpointOf} names it when the
     * gateway holds none.
     */
    private String describe(InjectedTool tool, Throwable failure) {
        UUID credentialId = tool.plugin().state().credentialId();
        if (failure instanceof McpException e && e.credentialsRefused() && credentialId != null) {
            Optional<String> moreScope = stepUp.stepUp(tool.plugin().organizationId(), tool.plugin().integrationId(), credentialId,
                    tool.tool().name(), e);
            if (moreScope.isPresent()) {
                return moreScope.get();
            }
            Optional<String> problem = credentials.oauthProblem(tool.plugin().organizationId(), credentialId);
            if (problem.isPresent()) {
                return problem.get();
            }
        }
        return failure instanceof McpException ? failure.getMessage() : "internal error";
    }

    private McpEndpoint endpointOf(InjectedTool tool) {
        IntegrationState state = tool.plugin().state();
        Map<String, String> headers = Map.of();
        if (state.credentialId() != null) {
            UUID organizationId = tool.plugin().organizationId();
            headers = credentials.headersFor(organizationId, state.credentialId())
                    .orElseThrow(() -> new McpException(McpException.Kind.CONNECTION,
                            credentials.oauthProblem(organizationId, state.credentialId()).orElse(NO_CREDENTIAL)));
        }
        return McpEndpoint.of(state.config(), headers, tool.plugin().integrationId().toString());
    }

    /**
     * Counts the call and its duration per plugin: tagged with the integration id (a slug is only
     * unique within one organisation), its organisation and slug (both fixed by the id, so they
     * add no series), and the outcome ({@code ok}, {@code tool_error}, {@code bad_arguments},
     * {@code error}): at most four counters and one timer per installed plugin.
     */
    private ToolCallResult record(Timer.Sample sample, InjectedTool tool, String outcome, String text) {
        Tags tags = Tags.of("plugin", tool.plugin().integrationId().toString(), "organization", tool.plugin().organizationId().toString(),
                "slug", tool.plugin().state().slug());
        sample.stop(meters.timer("gateway.tool.call.duration", tags));
        meters.counter("gateway.tool.calls", tags.and("outcome", outcome)).increment();
        return new ToolCallResult(text, outcome);
    }
}
