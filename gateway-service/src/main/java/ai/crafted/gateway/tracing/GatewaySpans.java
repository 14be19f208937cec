package ai.crafted.gateway.tracing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

import ai.crafted.gateway.tools.InjectedTool;
import ai.crafted.gateway.tools.ToolCallResult;
import ai.crafted.gateway.upstream.UpstreamTarget;
import ai.crafted.tracing.TracedWork;

/**
 * The gateway's own spans: one per model round and one per tool call, named and described by the
 * OpenTelemetry semantic conventions for generative AI
 * (<a href="https://opentelemetry.io/docs/specs/semconv/gen-ai/gen-ai-spans/">gen-ai spans</a>,
 * development status; attribute names as of semconv 1.37):
 * <ul>
 * <li>{@code chat {model}} (kind CLIENT): {@code gen_ai.operation.name=chat},
 * {@code gen_ai.request.model}, {@code gen_ai.response.model}, {@code gen_ai.response.id},
 * {@code gen_ai.response.finish_reasons}, {@code gen_ai.usage.input_tokens} and
 * {@code gen_ai.usage.output_tokens} (the provider's {@code prompt_tokens} and
 * {@code completion_tokens}), and ours: {@code crafted.upstream} (the configured provider name);
 * {@code error.type} on failure.</li>
 * <li>{@code execute_tool {tool}} (kind INTERNAL): {@code gen_ai.operation.name=execute_tool},
 * {@code gen_ai.tool.name} (the name the model called, {@code slug__tool}),
 * {@code gen_ai.tool.type=function}, and ours: {@code crafted.integration.id},
 * {@code crafted.organization.id}, {@code crafted.tool.outcome} ({@link ToolCallResult#outcome()}),
 * {@code crafted.tool.result.bytes} (UTF-8 bytes of the text the model gets, before the round's
 * budget) and {@code crafted.mcp.session.reused} (set by the MCP client).</li>
 * </ul>
 * Prompts, tool arguments, results and credentials are never recorded. A round's tool calls are
 * siblings of the round that asked for them (children of the request's span), as in the
 * conventions' agent traces, also when they are started from the round's own context (the
 * streamed loop ends a round in its response's handlers).
 *
 * <p>Each span's work runs on its own Vert.x context ({@link TracedWork}), so the HTTP client
 * spans of the provider and MCP requests, and their {@code traceparent} headers, name the right
 * parent even while a turn's tool calls run at once.
 */
@ApplicationScoped
public class GatewaySpans {

    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
    static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
    static final AttributeKey<String> RESPONSE_MODEL = AttributeKey.stringKey("gen_ai.response.model");
    static final AttributeKey<String> RESPONSE_ID = AttributeKey.stringKey("gen_ai.response.id");
    static final AttributeKey<List<String>> FINISH_REASONS = AttributeKey.stringArrayKey("gen_ai.response.finish_reasons");
    static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
    static final AttributeKey<Long> OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");
    static final AttributeKey<String> TOOL_NAME = AttributeKey.stringKey("gen_ai.tool.name");
    static final AttributeKey<String> TOOL_TYPE = AttributeKey.stringKey("gen_ai.tool.type");
    static final AttributeKey<String> ERROR_TYPE = TracedWork.ERROR_TYPE;
    static final AttributeKey<String> UPSTREAM = AttributeKey.stringKey("crafted.upstream");
    static final AttributeKey<String> INTEGRATION_ID = AttributeKey.stringKey("crafted.integration.id");
    static final AttributeKey<String> ORGANIZATION_ID = AttributeKey.stringKey("crafted.organization.id");
    static final AttributeKey<String> TOOL_OUTCOME = AttributeKey.stringKey("crafted.tool.outcome");
    static final AttributeKey<Long> RESULT_BYTES = AttributeKey.longKey("crafted.tool.result.bytes");

    /** Set on a model round's own context: the context the round was started in, where its tool calls belong. */
    private static final ContextKey<Context> ROUND_PARENT = ContextKey.named("crafted.chat-round-parent");

    private final Tracer tracer;
    private final Vertx vertx;

    public GatewaySpans(OpenTelemetry openTelemetry, Vertx vertx) {
        this.tracer = openTelemetry.getTracer("ai.crafted.gateway");
        this.vertx = vertx;
    }

    /**
     * Runs one non-streamed model round under a {@code chat {model}} span, ended with the usage of
     * the completion {@code completionOf} finds in the round's answer.
     *
     * @param request the chat completions request the round sends (only its {@code model} is read)
     */
    public <T> Uni<T> chat(UpstreamTarget target, JsonNode request, Supplier<Uni<T>> round, Function<T, JsonNode> completionOf) {
        return Uni.createFrom().deferred(() -> {
            ChatRound span = startChat(target, request);
            return span.run(round)
                    .onItemOrFailure().invoke((answer, failure) -> {
                        if (failure != null) {
                            span.fail(failure);
                        } else {
                            span.end(completionOf.apply(answer));
                        }
                    })
                    .onCancellation().invoke(span::cancelled);
        });
    }

    /**
     * Starts a {@code chat {model}} span for a round the caller drives itself (the streamed loop);
     * the caller runs the round's request with {@link ChatRound#run} and ends the span once.
     */
    public ChatRound startChat(UpstreamTarget target, JsonNode request) {
        String model = request.path("model").asText("");
        Context parent = besideRounds(Context.current());
        Span span = tracer.spanBuilder("chat " + model).setSpanKind(SpanKind.CLIENT).setParent(parent)
                .setAttribute(OPERATION, "chat")
                .setAttribute(REQUEST_MODEL, model)
                .setAttribute(UPSTREAM, target.name())
                .startSpan();
        return new ChatRound(span, parent);
    }

    /** A model round's span; ended once, by whichever of {@link #end}, {@link #fail}, {@link #cancelled} comes first. */
    public final class ChatRound {

        private final Span span;
        private final Context parent;
        private boolean ended;

        private ChatRound(Span span, Context parent) {
            this.span = span;
            this.parent = parent;
        }

        /** Runs the round's request under this span ({@link TracedWork}). */
        public <T> Uni<T> run(Supplier<Uni<T>> request) {
            return TracedWork.within(vertx, parent.with(span).with(ROUND_PARENT, parent), request);
        }

        /**
         * Ends the span with what the provider answered: a {@code chat.completion} object (its
         * {@code usage}, {@code model}, {@code id} and {@code choices[].finish_reason}); null or
         * missing fields are left out.
         */
        public synchronized void end(JsonNode completion) {
            if (completion != null) {
                if (completion.path("model").isTextual()) {
                    span.setAttribute(RESPONSE_MODEL, completion.path("model").asText());
                }
                if (completion.path("id").isTextual()) {
                    span.setAttribute(RESPONSE_ID, completion.path("id").asText());
                }
                List<String> reasons = new ArrayList<>();
                completion.path("choices").forEach(choice -> {
                    if (choice.path("finish_reason").isTextual()) {
                        reasons.add(choice.path("finish_reason").asText());
                    }
                });
                finish(completion.path("usage"), reasons);
            } else {
                finish(null, List.of());
            }
        }

        /**
         * Ends the span of a streamed round: its summed {@code usage} object (OpenAI's
         * {@code prompt_tokens}, {@code completion_tokens}; may be null) and finish reason (may be null).
         */
        public synchronized void end(JsonNode usage, String finishReason) {
            finish(usage, finishReason == null ? List.of() : List.of(finishReason));
        }

        private void finish(JsonNode usage, List<String> finishReasons) {
            if (ended) {
                return;
            }
            ended = true;
            if (usage != null && usage.path("prompt_tokens").isNumber()) {
                span.setAttribute(INPUT_TOKENS, usage.path("prompt_tokens").asLong());
            }
            if (usage != null && usage.path("completion_tokens").isNumber()) {
                span.setAttribute(OUTPUT_TOKENS, usage.path("completion_tokens").asLong());
            }
            if (!finishReasons.isEmpty()) {
                span.setAttribute(FINISH_REASONS, finishReasons);
            }
            span.end();
        }

        /** Ends the span as failed: {@code error.type} is the failure's class (never its message, which may quote the provider). */
        public synchronized void fail(Throwable failure) {
            if (ended) {
                return;
            }
            ended = true;
            span.setAttribute(ERROR_TYPE, failure.getClass().getName());
            span.setStatus(StatusCode.ERROR);
            span.end();
        }

        /** Ends the span of a round given up before it ended (the client went away). */
        public synchronized void cancelled() {
            if (ended) {
                return;
            }
            ended = true;
            span.setAttribute(ERROR_TYPE, "cancelled");
            span.setStatus(StatusCode.ERROR);
            span.end();
        }
    }

    /** Where a round's tool calls and the next round belong: beside the round, when started from its context. */
    private static Context besideRounds(Context current) {
        Context roundParent = current.get(ROUND_PARENT);
        return roundParent != null ? roundParent : current;
    }

    /**
     * Runs one tool call under an {@code execute_tool {tool}} span. The call never fails
     * ({@code ToolExecutor}); a failed outcome marks the span as an error.
     */
    public Uni<ToolCallResult> toolCall(InjectedTool tool, Supplier<Uni<ToolCallResult>> call) {
        return Uni.createFrom().deferred(() -> {
            Context parent = besideRounds(Context.current());
            Span span = tracer.spanBuilder("execute_tool " + tool.exposedName()).setSpanKind(SpanKind.INTERNAL).setParent(parent)
                    .setAttribute(OPERATION, "execute_tool")
                    .setAttribute(TOOL_NAME, tool.exposedName())
                    .setAttribute(TOOL_TYPE, "function")
                    .setAttribute(INTEGRATION_ID, tool.plugin().integrationId().toString())
                    .setAttribute(ORGANIZATION_ID, tool.plugin().organizationId().toString())
                    .startSpan();
            return TracedWork.inSpan(vertx, parent, span, call, (traced, result) -> {
                traced.setAttribute(TOOL_OUTCOME, result.outcome());
                traced.setAttribute(RESULT_BYTES, (long) result.text().getBytes(StandardCharsets.UTF_8).length);
                if (result.failed()) {
                    traced.setAttribute(ERROR_TYPE, result.outcome());
                    traced.setStatus(StatusCode.ERROR);
                }
            });
        });
    }
}
