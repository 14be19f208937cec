package ai.crafted.integrations.usage;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.tuples.Tuple3;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

import ai.crafted.integrations.config.IntegrationsConfig;

/**
 * Reads an organisation's daily usage rows ({@link UsageAggregation}) over a range of UTC days
 * and puts them together: per plugin and tool (calls, errors, p50/p95 from the summed latency
 * buckets), per surface and model (requests, rounds, tokens, gateway and model time), per day.
 * The database sums the rows ({@code GROUP BY}) and returns at most
 * {@code integrations.usage.max-model-rows} surface-and-model rows (the rest summed into one) and
 * {@code max-tool-rows} tools, so an answer's size does not grow with the names recorded. Every
 * query is scoped by the organisation; names come from the organisation's own plugins, API keys
 * and WhatsApp apps.
 */
@ApplicationScoped
public class UsageService {

    /** Per plugin and tool, most calls first, with the latency buckets summed bucket by bucket. */
    private static final String TOOLS = "select t.integration_id, t.tool, t.slug, t.calls, t.errors, t.latency_ms_max,"
            + " t.listed, (select array_agg(b.total order by b.n) from (select u.n, least(sum(u.count), 9223372036854775807)::bigint as total"
            + " from usage_tool_daily d, unnest(d.latency_buckets) with ordinality as u(count, n)"
            + " where d.organization_id = $1 and d.day between $2 and $3 and d.integration_id = t.integration_id"
            + " and d.tool = t.tool group by u.n) b) as latency_buckets"
            + " from (select integration_id, tool, (array_agg(slug order by day desc))[1] as slug,"
            + " least(sum(calls), 9223372036854775807)::bigint as calls, least(sum(errors), 9223372036854775807)::bigint as errors, max(latency_ms_max) as latency_ms_max,"
            + " count(*) over () as listed from usage_tool_daily"
            + " where organization_id = $1 and day between $2 and $3 group by integration_id, tool"
            + " order by calls desc, integration_id, tool limit $4) t order by t.calls desc, t.integration_id, t.tool";
    /**
     * Per surface (API key) and model, most requests first; the rows ranked after {@code $4} come
     * back as one row with a null key and model, {@code combinations} saying how many it sums.
     */
    private static final String MODELS = "with g as (select api_key_id, model, sum(requests) as requests, sum(failed) as failed,"
            + " sum(unmetered) as unmetered, sum(rounds) as rounds, sum(prompt_tokens) as prompt_tokens,"
            + " sum(completion_tokens) as completion_tokens,"
            + " sum(gateway_ms) as gateway_ms, sum(upstream_ms) as upstream_ms from usage_model_daily"
            + " where organization_id = $1 and day between $2 and $3 group by api_key_id, model),"
            + " ranked as (select g.*, row_number() over (order by requests desc, api_key_id, model) as rank from g)"
            + " select case when rank <= $4 then api_key_id end as key_id, case when rank <= $4 then model end as model_name,"
            + " count(*) as combinations, least(sum(requests), 9223372036854775807)::bigint as requests, least(sum(failed), 9223372036854775807)::bigint as failed,"
            + " least(sum(unmetered), 9223372036854775807)::bigint as unmetered,"
            + " least(sum(rounds), 9223372036854775807)::bigint as rounds, least(sum(prompt_tokens), 9223372036854775807)::bigint as prompt_tokens,"
            + " least(sum(completion_tokens), 9223372036854775807)::bigint as completion_tokens, sum(gateway_ms) as gateway_ms,"
            + " sum(upstream_ms) as upstream_ms, min(rank) as first_rank from ranked group by 1, 2 order by first_rank";
    private static final String MODEL_DAYS = "select day, least(sum(requests), 9223372036854775807)::bigint as requests, least(sum(failed), 9223372036854775807)::bigint as failed,"
            + " least(sum(unmetered), 9223372036854775807)::bigint as unmetered,"
            + " least(sum(prompt_tokens), 9223372036854775807)::bigint as prompt_tokens, least(sum(completion_tokens), 9223372036854775807)::bigint as completion_tokens"
            + " from usage_model_daily where organization_id = $1 and day between $2 and $3 group by day";
    private static final String TOOL_DAYS = "select day, least(sum(calls), 9223372036854775807)::bigint as calls, least(sum(errors), 9223372036854775807)::bigint as errors"
            + " from usage_tool_daily where organization_id = $1 and day between $2 and $3 group by day";

    private final Pool pool;
    private final IntegrationsConfig config;

    public UsageService(Pool pool, IntegrationsConfig config) {
        this.pool = pool;
        this.config = config;
    }

    /**
     * Refuses to start with a default range outside 1 to {@code max-range-days} days (every page
     * without a range would fail).
     */
    void checkConfig(@Observes StartupEvent started) {
        checkRangeDays(config.usage().defaultRangeDays(), config.usage().maxRangeDays());
    }

    /**
     * @throws IllegalStateException unless 1 ≤ {@code defaultDays} ≤ {@code maxDays}
     */
    static void checkRangeDays(int defaultDays, int maxDays) {
        if (defaultDays < 1 || defaultDays > maxDays) {
            throw new IllegalStateException("integrations.usage.default-range-days (" + defaultDays
                    + ") must be from 1 to integrations.usage.max-range-days (" + maxDays + ")");
        }
    }

    /** How many days up to today (UTC) a read without a range covers ({@code integrations.usage.default-range-days}). */
    public int defaultRangeDays() {
        return config.usage().defaultRangeDays();
    }

    /**
     * The range {@code ?from=&to=} names (see {@link UsageRange#parse}), today being the current UTC day.
     *
     * @throws ai.crafted.integrations.error.ApiException 400 {@code invalid_request} for a bad range
     */
    public UsageRange range(String from, String to) {
        return UsageRange.parse(from, to, LocalDate.now(ZoneOffset.UTC), config.usage().defaultRangeDays(),
                config.usage().maxRangeDays());
    }

    /**
     * The organisation's usage over {@code range}: every query in one read-only repeatable-read
     * transaction on one connection, so the totals, the tables and the chart are one snapshot
     * even while records are being added (and a page view holds one pooled connection, not seven).
     */
    public Uni<UsageView> usage(UUID organizationId, UsageRange range) {
        Tuple scope = Tuple.of(organizationId, range.from(), range.to());
        return pool.withTransaction(connection -> connection.query("set transaction isolation level repeatable read, read only")
                .execute()
                .chain(() -> connection.preparedQuery(TOOLS)
                        .execute(Tuple.of(organizationId, range.from(), range.to(), config.usage().maxToolRows())))
                .chain(tools -> connection.preparedQuery(MODELS)
                        .execute(Tuple.of(organizationId, range.from(), range.to(), config.usage().maxModelRows()))
                        .chain(models -> connection.preparedQuery(MODEL_DAYS).execute(scope)
                                .chain(modelDays -> connection.preparedQuery(TOOL_DAYS).execute(scope)
                                        .chain(toolDays -> names(connection, organizationId, tools, models)
                                                .map(names -> assemble(range, tools, models, modelDays, toolDays, names)))))));
    }

    /** Display names of the plugins, names of the API keys and the WhatsApp apps owning keys, all of this organisation. */
    private Uni<Names> names(SqlConnection connection, UUID organizationId, RowSet<Row> tools, RowSet<Row> models) {
        UUID[] integrationIds = distinct(tools, "integration_id");
        UUID[] keyIds = distinct(models, "key_id");
        return connection.preparedQuery("select id, display_name from integrations where organization_id = $1"
                + " and id = any($2)").execute(Tuple.of(organizationId, integrationIds))
                .chain(plugins -> connection.preparedQuery("select id, name from api_keys where organization_id = $1 and id = any($2)")
                        .execute(Tuple.of(organizationId, keyIds))
                        .chain(keys -> connection.preparedQuery("select gateway_api_key_id, id, display_name from whatsapp_apps"
                                + " where organization_id = $1 and gateway_api_key_id = any($2)").execute(Tuple.of(organizationId, keyIds))
                                .map(apps -> Tuple3.of(plugins, keys, apps))))
                .map(found -> {
            Names names = new Names(new HashMap<>(), new HashMap<>());
            found.getItem1().forEach(row -> names.plugins.put(row.getUUID("id"), row.getString("display_name")));
            found.getItem2().forEach(row -> names.surfaces.put(row.getUUID("id"),
                    new UsageView.Surface("api_key", row.getUUID("id"), row.getString("name"))));
            // A WhatsApp app's own key is shown as the app (its replies go through the gateway with it).
            found.getItem3().forEach(row -> names.surfaces.put(row.getUUID("gateway_api_key_id"),
                    new UsageView.Surface("whatsapp_app", row.getUUID("id"), row.getString("display_name"))));
            return names;
        });
    }

    private record Names(Map<UUID, String> plugins, Map<UUID, UsageView.Surface> surfaces) {
    }

    private static UsageView assemble(UsageRange range, RowSet<Row> toolRows, RowSet<Row> modelRows, RowSet<Row> modelDays,
            RowSet<Row> toolDays, Names names) {
        Map<LocalDate, long[]> perDay = new TreeMap<>(); // requests, toolCalls, toolErrors, prompt, completion, failed, unmetered
        for (LocalDate day = range.from(); !day.isAfter(range.to()); day = day.plusDays(1)) {
            perDay.put(day, new long[7]);
        }
        for (Row row : modelDays) {
            long[] day = perDay.get(row.getLocalDate("day"));
            day[0] = row.getLong("requests");
            day[3] = row.getLong("prompt_tokens");
            day[4] = row.getLong("completion_tokens");
            day[5] = row.getLong("failed");
            day[6] = row.getLong("unmetered");
        }
        for (Row row : toolDays) {
            long[] day = perDay.get(row.getLocalDate("day"));
            day[1] = row.getLong("calls");
            day[2] = row.getLong("errors");
        }
        List<UsageView.DayUsage> days = new ArrayList<>();
        long[] totals = new long[7];
        perDay.forEach((day, v) -> {
            days.add(new UsageView.DayUsage(day, v[0], v[1], v[2], v[3], v[4]));
            for (int i = 0; i < v.length; i++) {
                totals[i] += v[i];
            }
        });
        UsageView.Totals sums = new UsageView.Totals(totals[0], totals[5], totals[6], totals[1], totals[2], totals[3],
                totals[4]);

        long toolsListed = 0;
        Map<UUID, PluginSums> plugins = new LinkedHashMap<>(); // most calls first: the rows come so
        for (Row row : toolRows) {
            toolsListed = row.getLong("listed");
            long calls = row.getLong("calls");
            long errors = row.getLong("errors");
            long[] buckets = buckets(row.getArrayOfLongs("latency_buckets"));
            double max = row.getDouble("latency_ms_max");
            PluginSums plugin = plugins.computeIfAbsent(row.getUUID("integration_id"), id -> new PluginSums(row.getString("slug")));
            plugin.total.add(calls, errors, buckets, max);
            plugin.tools.add(new UsageView.ToolUsage(row.getString("tool"), calls, errors,
                    UsageLatencyBuckets.percentile(buckets, 0.5, max), UsageLatencyBuckets.percentile(buckets, 0.95, max)));
        }
        List<UsageView.PluginUsage> pluginList = new ArrayList<>();
        plugins.forEach((id, p) -> pluginList.add(new UsageView.PluginUsage(id, p.slug, names.plugins.get(id), p.total.calls,
                p.total.errors, p.total.p(0.5), p.total.p(0.95), p.tools)));
        pluginList.sort(Comparator.comparingLong(UsageView.PluginUsage::calls).reversed()
                .thenComparing(UsageView.PluginUsage::slug));

        List<UsageView.ModelUsage> modelList = new ArrayList<>();
        UsageView.OtherModels others = null;
        for (Row row : modelRows) {
            UUID keyId = row.getUUID("key_id");
            if (keyId == null) {
                others = new UsageView.OtherModels(row.getLong("combinations"), row.getLong("requests"), row.getLong("failed"),
                        row.getLong("unmetered"), row.getLong("prompt_tokens"), row.getLong("completion_tokens"));
                continue;
            }
            modelList.add(UsageView.ModelUsage.of(keyId,
                    names.surfaces.getOrDefault(keyId, new UsageView.Surface("unknown", keyId, null)), row.getString("model_name"),
                    row.getLong("requests"), row.getLong("failed"), row.getLong("unmetered"), row.getLong("rounds"),
                    row.getLong("prompt_tokens"),
                    row.getLong("completion_tokens"), row.getDouble("gateway_ms"), row.getDouble("upstream_ms")));
        }
        long toolsLeftOut = Math.max(0, toolsListed - toolRows.size());
        return new UsageView(range.from(), range.to(), sums, pluginList, toolsLeftOut, modelList, others, days);
    }

    private static UUID[] distinct(RowSet<Row> rows, String column) {
        Set<UUID> ids = new LinkedHashSet<>();
        rows.forEach(row -> {
            UUID id = row.getUUID(column);
            if (id != null) {
                ids.add(id);
            }
        });
        return ids.toArray(UUID[]::new);
    }

    private static long[] buckets(Long[] stored) {
        long[] counts = new long[UsageLatencyBuckets.SIZE];
        for (int i = 0; stored != null && i < Math.min(stored.length, counts.length); i++) {
            counts[i] = stored[i] == null ? 0 : stored[i];
        }
        return counts;
    }

    /** Calls, errors and the latency histogram, summed over tools. */
    private static final class Sums {
        private long calls;
        private long errors;
        private double max;
        private final long[] buckets = new long[UsageLatencyBuckets.SIZE];

        void add(long moreCalls, long moreErrors, long[] moreBuckets, double moreMax) {
            calls += moreCalls;
            errors += moreErrors;
            max = Math.max(max, moreMax);
            UsageLatencyBuckets.add(buckets, moreBuckets);
        }

        Double p(double quantile) {
            return UsageLatencyBuckets.percentile(buckets, quantile, max);
        }
    }

    /** One plugin: its slug (its most used tool's latest), its sums and its tools, most calls first. */
    private static final class PluginSums {
        private final String slug;
        private final Sums total = new Sums();
        private final List<UsageView.ToolUsage> tools = new ArrayList<>();

        PluginSums(String slug) {
            this.slug = slug;
        }
    }
}
