package ai.crafted.gateway.usage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.subscription.Cancellable;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.core.http.HttpServerResponse;

import ai.crafted.events.UsageRecordedEvent;
import ai.crafted.events.Topics;
import ai.crafted.gateway.upstream.UpstreamException;

/**
 * Publishes one {@link UsageRecordedEvent} per chat request the gateway served, on
 * {@link Topics#USAGE_RECORDED} keyed by organisation id, for integrations-service's daily usage.
 * Never blocks and never fails the chat: the answer has already gone (or is going) to the client,
 * so a failed send is logged and counted ({@code gateway_usage_records_failed_total}) and that
 * record is lost: usage figures are best effort. The emitter buffers up to
 * {@value #BUFFER} records while Kafka is slow or away; beyond that a send fails at once (counted
 * the same way) rather than holding memory or the caller.
 */
@ApplicationScoped
public class UsageRecords {

    /** The request was answered ({@link UsageRecordedEvent#STATUS_OK}). */
    public static final String OK = UsageRecordedEvent.STATUS_OK;
    /** The provider failed, timed out or answered an error. */
    public static final String UPSTREAM_ERROR = UsageRecordedEvent.STATUS_UPSTREAM_ERROR;
    /** The client went away before the end. */
    public static final String CLIENT_DISCONNECTED = UsageRecordedEvent.STATUS_CLIENT_DISCONNECTED;
    /** The gateway's own failure. */
    public static final String ERROR = UsageRecordedEvent.STATUS_ERROR;

    /** Records the emitter holds while Kafka does not take them (a few KB each). */
    static final int BUFFER = 10_000;

    /** The W3C response header ({@code https://www.w3.org/TR/server-timing/}). */
    public static final String SERVER_TIMING = "Server-Timing";

    private static final Logger LOG = Logger.getLogger(UsageRecords.class);

    private final MutinyEmitter<UsageRecordedEvent> events;
    private final Counter failed;

    public UsageRecords(
            @Channel(Topics.USAGE_RECORDED) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = BUFFER)
            MutinyEmitter<UsageRecordedEvent> events, MeterRegistry meters) {
        this.events = events;
        this.failed = Counter.builder("gateway.usage.records.failed")
                .description("usage records (usage-recorded) that could not be sent and are lost").register(meters);
    }

    /**
     * The end of a non-streamed request, called before anything of the answer is written: stops
     * its clock, sends its record and puts its {@code Server-Timing} header on {@code response}.
     * The record goes first, so it is sent whatever writing the answer does afterwards; an answer
     * whose client has gone away ({@code response.closed()}) is recorded as
     * {@link #CLIENT_DISCONNECTED}. Never throws.
     *
     * @param status how the request ended as far as the gateway is concerned ({@link #OK} when it has an answer)
     */
    public void answered(HttpServerResponse response, ChatUsage usage, String status) {
        usage.finish();
        record(usage, OK.equals(status) && response.closed() ? CLIENT_DISCONNECTED : status);
        try {
            if (!response.headWritten() && !response.closed()) {
                response.putHeader(SERVER_TIMING, usage.serverTiming());
            }
        } catch (RuntimeException gone) {
            // The connection closed meanwhile: the answer's own write finds out and reports it.
        }
    }

    /**
     * For a non-streamed request: when its client goes away before the answer was written,
     * records it as {@link #CLIENT_DISCONNECTED} at once (a round in flight counts as the model's
     * or the tools' time, {@link ChatUsage#finish}) and cancels {@code work}, so no further model
     * round is paid for and no further tool is called for an answer nobody will read. The answer
     * arriving later is not recorded again. Call right after subscribing to the work, on the
     * request's event loop; a client already gone by then is found at once.
     */
    public void recordIfClientLeaves(HttpServerResponse response, ChatUsage usage, Cancellable work) {
        response.closeHandler(ignored -> clientLeft(response, usage, work));
        // A client that left before this point (while the request waited, e.g. for its key to be
        // known) fires no close handler: check once.
        if (response.closed()) {
            clientLeft(response, usage, work);
        }
    }

    private void clientLeft(HttpServerResponse response, ChatUsage usage, Cancellable work) {
        if (!response.ended()) {
            record(usage, CLIENT_DISCONNECTED);
            work.cancel();
        }
    }

    /** Sends the request's record with {@code status}, unless it was sent already; returns at once. */
    public void record(ChatUsage usage, String status) {
        if (!usage.claimRecord()) {
            return;
        }
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
