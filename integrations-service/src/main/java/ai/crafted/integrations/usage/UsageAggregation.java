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
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

import ai.crafted.events.UsageRecordedEvent;
import ai.crafted.integrations.config.IntegrationsConfig;

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

    private static final Logger LOG = Logger.getLogger(UsageAggregation.class);

    private static final String REMEMBER = "insert into usage_recorded_events (event_id, organization_id) values ($1, $2)"
            + " on conflict (event_id) do nothing";
    private static final String ADD_MODEL = "insert into usage_model_daily (organization_id, day, api_key_id, model,"
            + " requests, failed, unmetered, rounds, prompt_tokens, completion_tokens, gateway_ms, upstream_ms)"
            + " values ($1, $2, $3, $4, 1, $5, $6, $7, $8, $9, $10, $11)"
            + " on conflict (organization_id, day, api_key_id, model) do update set"
            + " requests = usage_model_daily.requests + 1, failed = usage_model_daily.failed + excluded.failed,"
            + " unmetered = usage_model_daily.unmetered + excluded.unmetered,"
            + " rounds = usage_model_daily.rounds + excluded.rounds,"
            + " prompt_tokens = usage_model_daily.prompt_tokens + excluded.prompt_tokens,"
            + " completion_tokens = usage_model_daily.completion_tokens + excluded.completion_tokens,"
            + " gateway_ms = usage_model_daily.gateway_ms + excluded.gateway_ms,"
            + " upstream_ms = usage_model_daily.upstream_ms + excluded.upstream_ms";
    private static final String ADD_TOOL = "insert into usage_tool_daily (organization_id, day, integration_id, tool, slug,"
            + " calls, errors, latency_ms_max, latency_buckets)"
            + " values ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
            + " on conflict (organization_id, day, integration_id, tool) do update set slug = excluded.slug,"
            + " calls = usage_tool_daily.calls + excluded.calls, errors = usage_tool_daily.errors + excluded.errors,"
            + " latency_ms_max = greatest(usage_tool_daily.latency_ms_max, excluded.latency_ms_max),"
            // bucket by bucket; both arrays have UsageLatencyBuckets.SIZE entries
            + " latency_buckets = (select array_agg(coalesce(u.a, 0) + coalesce(u.b, 0) order by u.n)"
            + " from unnest(usage_tool_daily.latency_buckets, excluded.latency_buckets) with ordinality as u(a, b, n))";

    private final Pool pool;
    private final IntegrationsConfig config;

    public UsageAggregation(Pool pool, IntegrationsConfig config) {
        this.pool = pool;
        this.config = config;
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
                prompt += Math.max(0, round.promptTokens());
                completion += Math.max(0, round.completionTokens());
            }
        }
        // The gateway already does this; repeated here because it is what bounds the rows per day.
        String model = UsageRecordedEvent.recordedModel(event.model(), event.status(), rounds.size());
        boolean answered = UsageRecordedEvent.STATUS_OK.equals(event.status());
        // Answered without a round: a piped stream whose provider sent no usage; its tokens are unknown, not 0.
        Tuple row = Tuple.from(List.of(event.organizationId(), dayOf(event), event.apiKeyId(), text(model),
                answered ? 0L : 1L, answered && rounds.isEmpty() ? 1L : 0L, (long) rounds.size(), prompt, completion,
                nonNegative(event.gatewayMs()), nonNegative(event.upstreamMs())));
        return connection.preparedQuery(ADD_MODEL).execute(row).replaceWithVoid();
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
        return pool.preparedQuery("delete from usage_recorded_events where added_at < now() - make_interval(secs => $1)")
                .execute(Tuple.of((double) config.usage().dedupeRetention().toSeconds()))
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

    private static double nonNegative(double ms) {
        return Double.isFinite(ms) ? Math.max(0, ms) : 0;
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
