package ai.crafted.integrations.usage;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

import ai.crafted.events.UsageRecordedEvent;
import ai.crafted.integrations.config.IntegrationsConfig;
import ai.crafted.tracing.TracedWork;

/**
 * Adds {@code usage-recorded} events to the organisation's daily rows: one
 * {@code usage_model_daily} row per (organisation, UTC day, API key, model) and one
 * {@code usage_tool_daily} row per (organisation, UTC day, plugin, tool), in one transaction with
 * the event's id in {@code usage_recorded_events}, so a redelivered event counts once. Rows are
 * upserted (sums added in the database), so several consumers never lose each other's counts.
 */
@ApplicationScoped
public class UsageAggregation {

    /** Longest model name or tool name stored (a wildcard upstream takes any name a client sends). */
    static final int MAX_NAME_CHARS = 200;
    /**
     * Most tokens counted for one round's prompt or completion: far above any model's context
     * window, low enough that no daily sum comes near bigint's limit. A record beyond it (a
     * provider's or a forger's nonsense) counts this much.
     */
    static final long MAX_TOKENS_PER_ROUND = 100_000_000L;
    /** Most milliseconds counted for one request's times or one tool call's latency: a day. */
    static final double MAX_MS = 86_400_000d;

    private static final Logger LOG = Logger.getLogger(UsageAggregation.class);

    private static final String REMEMBER = "insert into usage_recorded_events (event_id, organization_id) values ($1, $2)"
            + " on conflict (event_id) do nothing";
    private static final String ADD_MODEL = "insert into usage_model_daily (organization_id, day, api_key_id, model,"
            + " requests, failed, unmetered, rounds, prompt_tokens, completion_tokens, gateway_ms, upstream_ms)"
            + " values ($1, $2, $3, $4, 1, $5, $6, $7, $8, $9, $10, $11)"
            + " on conflict (organization_id, day, api_key_id, model) do update set"
            // Sums saturate at bigint's largest value instead of failing the record (and the next ones).
            + " requests = " + saturated("usage_model_daily.requests", "1") + ","
            + " failed = " + saturated("usage_model_daily.failed", "excluded.failed") + ","
            + " unmetered = " + saturated("usage_model_daily.unmetered", "excluded.unmetered") + ","
            + " rounds = " + saturated("usage_model_daily.rounds", "excluded.rounds") + ","
            + " prompt_tokens = " + saturated("usage_model_daily.prompt_tokens", "excluded.prompt_tokens") + ","
            + " completion_tokens = " + saturated("usage_model_daily.completion_tokens", "excluded.completion_tokens") + ","
            + " gateway_ms = usage_model_daily.gateway_ms + excluded.gateway_ms,"
            + " upstream_ms = usage_model_daily.upstream_ms + excluded.upstream_ms";
    private static final String MODEL_ROW_KNOWN = "select exists (select 1 from usage_model_daily where organization_id = $1"
            + " and day = $2 and api_key_id = $3 and model = $4) as known,"
            + " (select count(*) from usage_model_daily where organization_id = $1 and day = $2) as stored";
    /** The model of the records that came after an organisation's day had {@code max-model-rows-per-day} rows. */
    public static final String MODEL_OTHER = "(other models)";
    private static final String ADD_TOOL = "insert into usage_tool_daily (organization_id, day, integration_id, tool, slug,"
            + " calls, errors, latency_ms_max, latency_buckets)"
            + " values ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
            + " on conflict (organization_id, day, integration_id, tool) do update set slug = excluded.slug,"
            + " calls = " + saturated("usage_tool_daily.calls", "excluded.calls") + ","
            + " errors = " + saturated("usage_tool_daily.errors", "excluded.errors") + ","
            + " latency_ms_max = greatest(usage_tool_daily.latency_ms_max, excluded.latency_ms_max),"
            // bucket by bucket; both arrays have UsageLatencyBuckets.SIZE entries
            + " latency_buckets = (select array_agg(" + saturated("coalesce(u.a, 0)", "coalesce(u.b, 0)") + " order by u.n)"
            + " from unnest(usage_tool_daily.latency_buckets, excluded.latency_buckets) with ordinality as u(a, b, n))";

    private final Pool pool;
    private final IntegrationsConfig config;
    private final Vertx vertx;

    public UsageAggregation(Pool pool, IntegrationsConfig config, Vertx vertx) {
        this.pool = pool;
        this.config = config;
        this.vertx = vertx;
    }

    /**
     * Adds one record (a valid one: ids, api, model and status present).
     *
     * @return true when it was added, false when its event id had been added before
     */
    public Uni<Boolean> add(UsageRecordedEvent event) {
        return pool.withTransaction(connection -> connection.preparedQuery(REMEMBER)
                .execute(Tuple.of(event.eventId(), event.organizationId()))
                .chain(remembered -> remembered.rowCount() == 0 ? Uni.createFrom().item(false)
                        : addModel(connection, event).chain(() -> addTools(connection, event)).replaceWith(true)));
    }

    private Uni<Void> addModel(SqlConnection connection, UsageRecordedEvent event) {
        long prompt = 0;
        long completion = 0;
        List<UsageRecordedEvent.Round> rounds = event.rounds() == null ? List.of() : event.rounds();
        for (UsageRecordedEvent.Round round : rounds) {
            if (round != null) {
                prompt += tokens(round.promptTokens());
                completion += tokens(round.completionTokens());
            }
        }
        // The gateway already does this; repeated here because it is what bounds the rows per day.
        String model = UsageRecordedEvent.recordedModel(event.model(), event.status(), rounds.size());
        boolean answered = UsageRecordedEvent.STATUS_OK.equals(event.status());
        // Answered without a round (a piped stream whose provider sent no usage) or with a round
        // without figures (Round.UNKNOWN): its tokens are unknown, not 0.
        boolean unmetered = answered && (rounds.isEmpty() || rounds.stream().anyMatch(r -> r != null && r.unmetered()));
        LocalDate day = dayOf(event);
        long promptTokens = prompt;
        long completionTokens = completion;
        return storedModel(connection, event, day, text(model)).chain(stored -> {
            Tuple row = Tuple.from(List.of(event.organizationId(), day, event.apiKeyId(), stored,
                    answered ? 0L : 1L, unmetered ? 1L : 0L, (long) rounds.size(), promptTokens, completionTokens,
                    nonNegative(event.gatewayMs()), nonNegative(event.upstreamMs())));
            return connection.preparedQuery(ADD_MODEL).execute(row).replaceWithVoid();
        });
    }

    /** The model's own row when it has one or the day has room for it, else {@link #MODEL_OTHER}. */
    private Uni<String> storedModel(SqlConnection connection, UsageRecordedEvent event, LocalDate day, String model) {
        return connection.preparedQuery(MODEL_ROW_KNOWN).execute(Tuple.of(event.organizationId(), day, event.apiKeyId(), model))
                .map(rows -> {
                    var row = rows.iterator().next();
                    return row.getBoolean("known") || row.getLong("stored") < config.usage().maxModelRowsPerDay() ? model : MODEL_OTHER;
                });
    }

    private Uni<Void> addTools(SqlConnection connection, UsageRecordedEvent event) {
        // Rows in one fixed order (plugin, tool): two transactions adding the same rows in
        // different orders could otherwise deadlock each other.
        Map<ToolKey, ToolSums> byTool = new TreeMap<>();
        for (UsageRecordedEvent.ToolCall call : event.toolCalls() == null ? List.<UsageRecordedEvent.ToolCall>of() : event.toolCalls()) {
            if (call == null || call.integrationId() == null || call.tool() == null) {
                continue;
            }
            byTool.computeIfAbsent(new ToolKey(call.integrationId(), text(call.tool())), key -> new ToolSums(text(call.slug())))
                    .add(call);
        }
        List<Tuple> rows = new ArrayList<>();
        LocalDate day = dayOf(event);
        byTool.forEach((key, sums) -> rows.add(Tuple.from(List.of(event.organizationId(), day, key.integrationId(), key.tool(),
                sums.slug, sums.calls, sums.errors, sums.latencyMax, sums.boxedBuckets()))));
        return rows.isEmpty() ? Uni.createFrom().voidItem()
                : connection.preparedQuery(ADD_TOOL).executeBatch(rows).replaceWithVoid();
    }

    /** Forgets added event ids older than {@code integrations.usage.dedupe-retention}. */
    @Scheduled(every = "1h", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> forgetOldEventIds() {
        return TracedWork.untraced(vertx, () -> pool.preparedQuery("delete from usage_recorded_events where added_at < now() - make_interval(secs => $1)")
                .execute(Tuple.of((double) config.usage().dedupeRetention().toSeconds())))
                .onFailure().invoke(e -> LOG.warnf("could not forget old usage event ids: %s", e.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** The record's UTC day. */
    static LocalDate dayOf(UsageRecordedEvent event) {
        return LocalDate.ofInstant(event.occurredAt(), ZoneOffset.UTC);
    }

    /** A name as stored: at most {@link #MAX_NAME_CHARS}, without NUL (PostgreSQL text cannot hold it). */
    static String text(String value) {
        String given = value == null ? "" : value.replace('\u0000', '\uFFFD');
        return given.length() > MAX_NAME_CHARS ? given.substring(0, MAX_NAME_CHARS) : given;
    }

    /** A time as counted: 0 when negative or not a number, at most {@link #MAX_MS}. */
    static double nonNegative(double ms) {
        return Double.isFinite(ms) ? Math.min(MAX_MS, Math.max(0, ms)) : 0;
    }

    /** A round's token figure as counted: 0 when negative, at most {@link #MAX_TOKENS_PER_ROUND}. */
    static long tokens(long given) {
        return Math.min(MAX_TOKENS_PER_ROUND, Math.max(0, given));
    }

    /** SQL for {@code a + b} of two bigint expressions, saturating at bigint's largest value. */
    private static String saturated(String a, String b) {
        return "least(" + a + "::numeric + " + b + ", 9223372036854775807)::bigint";
    }

    /** A tool row's key, ordered by plugin then tool. */
    private record ToolKey(UUID integrationId, String tool) implements Comparable<ToolKey> {
        @Override
        public int compareTo(ToolKey other) {
            int byPlugin = integrationId.compareTo(other.integrationId);
            return byPlugin != 0 ? byPlugin : tool.compareTo(other.tool);
        }
    }

    /**
     * One event's calls of one tool: every call counts (and every outcome but ok as an error), but
     * only calls that went to the MCP server have a latency: {@code bad_arguments} was refused
     * before sending, and its ~0 ms would pull the percentiles down.
     */
    private static final class ToolSums {
        private final String slug;
        private long calls;
        private long errors;
        private double latencyMax;
        private final long[] buckets = new long[UsageLatencyBuckets.SIZE];

        ToolSums(String slug) {
            this.slug = slug;
        }

        void add(UsageRecordedEvent.ToolCall call) {
            calls++;
            if (!UsageRecordedEvent.OUTCOME_OK.equals(call.outcome())) {
                errors++;
            }
            if (UsageRecordedEvent.OUTCOME_BAD_ARGUMENTS.equals(call.outcome())) {
                return;
            }
            double latency = nonNegative(call.latencyMs());
            latencyMax = Math.max(latencyMax, latency);
            buckets[UsageLatencyBuckets.indexOf(latency)]++;
        }

        Long[] boxedBuckets() {
            Long[] boxed = new Long[buckets.length];
            for (int i = 0; i < buckets.length; i++) {
                boxed[i] = buckets[i];
            }
            return boxed;
        }
    }
}
