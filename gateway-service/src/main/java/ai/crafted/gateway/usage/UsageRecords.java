package ai.crafted.gateway.usage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

import ai.crafted.events.UsageRecordedEvent;
import ai.crafted.events.Topics;
import ai.crafted.gateway.upstream.UpstreamException;

/**
 * Publishes one {@link UsageRecordedEvent} per chat request the gateway served, on
 * {@link Topics#USAGE_RECORDED} keyed by organisation id, for integrations-service's daily usage.
 * Never blocks and never fails the chat: the answer has already gone (or is going) to the client,
 * so a failed send is logged and counted ({@code gateway_usage_records_failed_total}) and that
 * record is lost.
 */
@ApplicationScoped
public class UsageRecords {

    /** The request was answered. */
    public static final String OK = "ok";
    /** The provider failed, timed out or answered an error. */
    public static final String UPSTREAM_ERROR = "upstream_error";
    /** A streaming client went away before the end. */
    public static final String CLIENT_DISCONNECTED = "client_disconnected";
    /** The gateway's own failure. */
    public static final String ERROR = "error";

    /** The W3C response header ({@code https://www.w3.org/TR/server-timing/}). */
    public static final String SERVER_TIMING = "Server-Timing";

    private static final Logger LOG = Logger.getLogger(UsageRecords.class);

    private final MutinyEmitter<UsageRecordedEvent> events;
    private final Counter failed;

    private final ObjectMapper json;

    public UsageRecords(@Channel(Topics.USAGE_RECORDED) MutinyEmitter<UsageRecordedEvent> events, MeterRegistry meters,
            ObjectMapper json) {
        this.events = events;
        this.json = json;
        this.failed = Counter.builder("gateway.usage.records.failed")
                .description("usage records (usage-recorded) that could not be sent and are lost").register(meters);
    }

    /**
     * The end of a non-streamed request: stops its clock, puts its {@code Server-Timing} header on
     * {@code response} (before the caller writes it) and sends its record.
     */
    public void answered(HttpServerResponse response, ChatUsage usage, String status) {
        usage.finish();
        if (!response.headWritten()) {
            response.putHeader(SERVER_TIMING, usage.serverTiming());
        }
        record(usage, status);
    }

    /** Sends the request's record with {@code status}; returns at once. */
    public void record(ChatUsage usage, String status) {
        UsageRecordedEvent event;
        try {
            event = usage.toEvent(status);
            events.sendMessage(Message.of(event).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                    .withKey(event.organizationId().toString()).build()))
                    .subscribe().with(ignored -> { }, this::lost);
        } catch (RuntimeException e) {
            // An emitter that cannot take the message (overflow, channel down) throws instead.
            lost(e);
        }
    }

    /**
     * The {@code usage} object of a provider's JSON answer (chat completions' or the Responses
     * API's), or null when it has none or is not JSON.
     */
    public JsonNode usageIn(Buffer answer) {
        try {
            JsonNode usage = json.readTree(answer.getBytes()).path("usage");
            return usage.isObject() ? usage : null;
        } catch (Exception e) {
            return null;
        }
    }

    /** Sends the record of a request that failed with {@code failure}. */
    public void failed(ChatUsage usage, Throwable failure) {
        record(usage, statusOf(failure));
    }

    /** {@code upstream_error} for the provider's failures (also after tools ran), else {@code error}. */
    public static String statusOf(Throwable failure) {
        // A later round's failure comes wrapped (the loop marks failures after tools ran).
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof UpstreamException) {
                return UPSTREAM_ERROR;
            }
        }
        return ERROR;
    }

    private void lost(Throwable failure) {
        failed.increment();
        LOG.warnf("could not send a usage record: %s", failure.getMessage());
    }
}
