package ai.crafted.integrations.usage;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

import ai.crafted.integrations.config.IntegrationsConfig;

/**
 * Reads an organisation's daily usage rows ({@link UsageAggregation}) over a range of UTC days
 * and puts them together: per plugin and tool (calls, errors, p50/p95 from the summed latency
 * buckets), per surface and model (requests, rounds, tokens, gateway time), per day. Every query
 * is scoped by the organisation; names come from the organisation's own plugins, API keys and
 * WhatsApp apps.
 */
@ApplicationScoped
public class UsageService {

    private final Pool pool;
    private final IntegrationsConfig config;

    public UsageService(Pool pool, IntegrationsConfig config) {
        this.pool = pool;
        this.config = config;
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

    /** The organisation's usage over {@code range}. */
    public Uni<UsageView> usage(UUID organizationId, UsageRange range) {
        Tuple scope = Tuple.of(organizationId, range.from(), range.to());
        Uni<RowSet<Row>> tools = pool.preparedQuery("select integration_id, tool, slug, day, calls, errors, latency_ms_max,"
                + " latency_buckets from usage_tool_daily where organization_id = $1 and day between $2 and $3"
                + " order by day").execute(scope);
        Uni<RowSet<Row>> models = pool.preparedQuery("select api_key_id, model, day, requests, failed, rounds, prompt_tokens,"
                + " completion_tokens, gateway_ms from usage_model_daily where organization_id = $1 and day between $2 and $3")
                .execute(scope);
        return Uni.combine().all().unis(tools, models).asTuple()
                .chain(rows -> names(organizationId, rows.getItem1(), rows.getItem2())
                        .map(names -> assemble(range, rows.getItem1(), rows.getItem2(), names)));
    }

    /** Display names of the plugins, names of the API keys and the WhatsApp apps owning keys, all of this organisation. */
    private Uni<Names> names(UUID organizationId, RowSet<Row> tools, RowSet<Row> models) {
        UUID[] integrationIds = distinct(tools, "integration_id");
        UUID[] keyIds = distinct(models, "api_key_id");
        Uni<RowSet<Row>> plugins = pool.preparedQuery("select id, display_name from integrations where organization_id = $1"
                + " and id = any($2)").execute(Tuple.of(organizationId, integrationIds));
        Uni<RowSet<Row>> keys = pool.preparedQuery("select id, name from api_keys where organization_id = $1 and id = any($2)")
                .execute(Tuple.of(organizationId, keyIds));
        Uni<RowSet<Row>> apps = pool.preparedQuery("select gateway_api_key_id, id, display_name from whatsapp_apps"
                + " where organization_id = $1 and gateway_api_key_id = any($2)").execute(Tuple.of(organizationId, keyIds));
        return Uni.combine().all().unis(plugins, keys, apps).asTuple().map(found -> {
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

    private static UsageView assemble(UsageRange range, RowSet<Row> toolRows, RowSet<Row> modelRows, Names names) {
        Map<LocalDate, long[]> perDay = new TreeMap<>(); // requests, toolCalls, toolErrors, prompt, completion
        for (LocalDate day = range.from(); !day.isAfter(range.to()); day = day.plusDays(1)) {
            perDay.put(day, new long[5]);
        }
        Map<UUID, PluginSums> plugins = new LinkedHashMap<>();
        for (Row row : toolRows) {
            long calls = row.getLong("calls");
            long errors = row.getLong("errors");
            long[] buckets = buckets(row.getArrayOfLongs("latency_buckets"));
            double max = row.getDouble("latency_ms_max");
            PluginSums plugin = plugins.computeIfAbsent(row.getUUID("integration_id"), id -> new PluginSums());
            plugin.slug = row.getString("slug"); // rows come by day: the latest slug wins
            plugin.total.add(calls, errors, buckets, max);
            plugin.tools.computeIfAbsent(row.getString("tool"), tool -> new Sums()).add(calls, errors, buckets, max);
            long[] day = perDay.get(row.getLocalDate("day"));
            day[1] += calls;
            day[2] += errors;
        }
        Map<List<Object>, UsageView.ModelUsage> models = new LinkedHashMap<>();
        for (Row row : modelRows) {
            UUID keyId = row.getUUID("api_key_id");
            String model = row.getString("model");
            UsageView.ModelUsage added = UsageView.ModelUsage.of(keyId,
                    names.surfaces.getOrDefault(keyId, new UsageView.Surface("unknown", keyId, null)), model,
                    row.getLong("requests"), row.getLong("failed"), row.getLong("rounds"), row.getLong("prompt_tokens"),
                    row.getLong("completion_tokens"), row.getDouble("gateway_ms"));
            models.merge(List.of(keyId, model), added, UsageView.ModelUsage::plus);
            long[] day = perDay.get(row.getLocalDate("day"));
            day[0] += row.getLong("requests");
            day[3] += row.getLong("prompt_tokens");
            day[4] += row.getLong("completion_tokens");
        }
        List<UsageView.PluginUsage> pluginList = new ArrayList<>();
        plugins.forEach((id, sums) -> {
            List<UsageView.ToolUsage> tools = new ArrayList<>();
            sums.tools.forEach((tool, t) -> tools.add(new UsageView.ToolUsage(tool, t.calls, t.errors, t.p(0.5), t.p(0.95))));
            tools.sort(Comparator.comparingLong(UsageView.ToolUsage::calls).reversed().thenComparing(UsageView.ToolUsage::tool));
            pluginList.add(new UsageView.PluginUsage(id, sums.slug, names.plugins.get(id), sums.total.calls, sums.total.errors,
                    sums.total.p(0.5), sums.total.p(0.95), tools));
        });
        pluginList.sort(Comparator.comparingLong(UsageView.PluginUsage::calls).reversed()
                .thenComparing(UsageView.PluginUsage::slug));
        List<UsageView.ModelUsage> modelList = new ArrayList<>(models.values());
        modelList.sort(Comparator.comparingLong((UsageView.ModelUsage m) -> m.promptTokens() + m.completionTokens()).reversed()
                .thenComparing(UsageView.ModelUsage::model));
        List<UsageView.DayUsage> days = new ArrayList<>();
        long[] totals = new long[6];
        perDay.forEach((day, v) -> {
            days.add(new UsageView.DayUsage(day, v[0], v[1], v[2], v[3], v[4]));
            totals[0] += v[0];
            totals[2] += v[1];
            totals[3] += v[2];
            totals[4] += v[3];
            totals[5] += v[4];
        });
        totals[1] = modelList.stream().mapToLong(UsageView.ModelUsage::failed).sum();
        return new UsageView(range.from(), range.to(),
                new UsageView.Totals(totals[0], totals[1], totals[2], totals[3], totals[4], totals[5]), pluginList, modelList, days);
    }

    private static UUID[] distinct(RowSet<Row> rows, String column) {
        java.util.Set<UUID> ids = new java.util.LinkedHashSet<>();
        rows.forEach(row -> ids.add(row.getUUID(column)));
        return ids.toArray(UUID[]::new);
    }

    private static long[] buckets(Long[] stored) {
        long[] counts = new long[UsageLatencyBuckets.SIZE];
        for (int i = 0; stored != null && i < Math.min(stored.length, counts.length); i++) {
            counts[i] = stored[i] == null ? 0 : stored[i];
        }
        return counts;
    }

    /** Calls, errors and the latency histogram, summed over rows. */
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

    private static final class PluginSums {
        private String slug;
        private final Sums total = new Sums();
        private final Map<String, Sums> tools = new TreeMap<>();
    }
}
