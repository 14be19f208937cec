package ai.crafted.integrations.approval;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

import ai.crafted.integrations.config.IntegrationsConfig;
import ai.crafted.mcp.McpClientOptions;
import ai.crafted.mcp.transport.HttpCaller;

/**
 * POSTs new pending approvals to the organisation's webhook: the rows {@link ApprovalProjection}
 * wrote with the approval are claimed (a lease, so replicas never send one twice at once), sent with
 * a {@code Crafted-Signature} ({@link ApprovalWebhookSignature}) over a connection to a checked
 * address (no private address unless allow-listed, redirects not followed), and on anything but a
 * 2xx tried again after {@code integrations.approvals.webhook-retry-delays}, then given up. The
 * secret is never logged.
 */
@ApplicationScoped
public class ApprovalWebhookDeliveries {

    private static final Logger LOG = Logger.getLogger(ApprovalWebhookDeliveries.class);
    /** Deliveries claimed per scan. */
    static final int BATCH = 20;

    private final Pool pool;
    private final ApprovalWebhookService webhooks;
    private final IntegrationsConfig config;
    private final HttpClient client;
    private final HttpCaller caller;

    public ApprovalWebhookDeliveries(Pool pool, ApprovalWebhookService webhooks, IntegrationsConfig config, Vertx vertx) {
        this.pool = pool;
        this.webhooks = webhooks;
        this.config = config;
        int millis = (int) config.approvals().webhookTimeout().toMillis();
        this.client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(millis).setIdleTimeout(millis)
                .setIdleTimeoutUnit(java.util.concurrent.TimeUnit.MILLISECONDS).setMaxPoolSize(8));
        Set<String> allowed = config.endpoint().allowedPrivateHosts().orElse(Set.of());
        this.caller = new HttpCaller(vertx, client, McpClientOptions.defaults().withAllowedPrivateHosts(allowed));
    }

    /** One scan: claims the due deliveries and sends each once. */
    @Scheduled(every = "${integrations.approvals.webhook-scan-interval}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> deliverDue() {
        return claim().onItem().transformToMulti(rows -> Multi.createFrom().iterable(rows))
                .onItem().transformToUniAndConcatenate(this::deliver).collect().last().replaceWithVoid()
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("approval webhook scan failed: %s", e.getMessage());
                    return null;
                });
    }

    /** Due rows of organisations that have a webhook, leased for the longest attempt plus a margin. */
    private Uni<List<Row>> claim() {
        long leaseSeconds = config.approvals().webhookTimeout().toSeconds() + 30;
        return pool.preparedQuery("update approval_webhook_deliveries d set attempts = d.attempts + 1,"
                + " next_attempt_at = now() + make_interval(secs => $1) from approval_webhooks w"
                + " where w.organization_id = d.organization_id and d.id in (select id from approval_webhook_deliveries"
                + " where next_attempt_at <= now() order by next_attempt_at limit $2 for update skip locked)"
                + " returning d.id, d.organization_id, d.body, d.attempts, w.url, w.secret_sealed")
                .execute(Tuple.of((double) leaseSeconds, BATCH))
                .map(rows -> {
                    List<Row> claimed = new java.util.ArrayList<>();
                    rows.forEach(claimed::add);
                    return claimed;
                });
    }

    private Uni<Void> deliver(Row row) {
        long id = row.getLong("id");
        UUID organizationId = row.getUUID("organization_id");
        String body = row.getString("body");
        int attempt = row.getInteger("attempts");
        String secret = webhooks.secretOf(organizationId, row.getString("secret_sealed"));
        long now = Instant.now().getEpochSecond();
        Map<String, String> headers = Map.of("Content-Type", "application/json", "User-Agent", "crafted-approvals/1",
                ApprovalWebhookSignature.HEADER, ApprovalWebhookSignature.header(secret, now, body));
        Duration timeout = config.approvals().webhookTimeout();
        return Uni.createFrom().deferred(() -> caller.exchange(HttpMethod.POST, URI.create(row.getString("url")), headers,
                        body.getBytes(StandardCharsets.UTF_8), false, 0))
                .ifNoItem().after(timeout).fail()
                .map(answer -> new Outcome(answer.status(), null))
                // Why it failed, in words (connection refused, timeout, a refused address): never the body or secret.
                .onFailure().recoverWithItem(e -> new Outcome(-1, e.getMessage() == null ? e.getClass().getSimpleName()
                        : e.getMessage()))
                .chain(outcome -> outcome.status() >= 200 && outcome.status() < 300 ? delivered(id, outcome.status())
                        : failed(id, organizationId, attempt, outcome));
    }

    private Uni<Void> delivered(long id, int status) {
        return pool.preparedQuery("update approval_webhook_deliveries set delivered_at = now(), next_attempt_at = null,"
                + " last_status = $2, last_error = null where id = $1").execute(Tuple.of(id, status)).replaceWithVoid();
    }

    /** A delivery attempt: the receiver's status, or -1 and why there was none. */
    private record Outcome(int status, String failure) {
    }

    private Uni<Void> failed(long id, UUID organizationId, int attempt, Outcome outcome) {
        int status = outcome.status();
        List<Duration> delays = config.approvals().webhookRetryDelays();
        boolean giveUp = attempt > delays.size();
        String error = status < 0 ? "not delivered: " + outcome.failure() : "answered " + status;
        if (giveUp) {
            LOG.warnf("approval webhook of organisation %s: giving up after %d attempts (%s)", organizationId, attempt, error);
        } else {
            LOG.infof("approval webhook of organisation %s: attempt %d failed (%s), tried again later", organizationId, attempt, error);
        }
        double wait = giveUp ? 0 : delays.get(attempt - 1).toMillis() / 1000.0;
        return pool.preparedQuery("update approval_webhook_deliveries set last_status = $2, last_error = $3,"
                + " next_attempt_at = case when $4 then null else now() + make_interval(secs => $5) end where id = $1")
                .execute(Tuple.of(id, status < 0 ? null : status, error, giveUp, wait)).replaceWithVoid();
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
