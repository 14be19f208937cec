package ai.crafted.integrations.consistency;

import jakarta.ws.rs.container.ContainerResponseContext;

import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import io.smallrye.mutiny.Uni;

import ai.crafted.outbox.OutboxPublication;

/**
 * Read-your-writes for everything the control panel writes: a successful write answers only once
 * Kafka has acknowledged its events (at most {@code outbox.await-published}, default 5 s). The
 * readers (gateway-service, whatsapp-worker) catch their views up to the topics' end before they
 * use them, so a client that got the answer can use the new key, configuration or credential at
 * once, on any instance.
 */
public class AnswerAfterPublication {

    private final OutboxPublication publication;

    public AnswerAfterPublication(OutboxPublication publication) {
        this.publication = publication;
    }

    /** Waits for the request's outbox events, if it wrote any and succeeded. */
    @ServerResponseFilter
    public Uni<Void> awaitEvents(ContainerResponseContext response) {
        var written = OutboxPublication.writtenInThisRequest();
        if (written.isEmpty() || response.getStatus() >= 400) {
            return Uni.createFrom().voidItem();
        }
        return publication.awaitPublished(written.getAsLong()).replaceWithVoid();
    }
}
