package ai.crafted.gateway.responses;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;

import ai.crafted.gateway.config.GatewayConfig;

/**
 * The responses {@code /v1/responses} keeps (requests without {@code "store": false}), in this
 * instance's memory: for {@code GET}/{@code DELETE /v1/responses/{id}}, for
 * {@code previous_response_id} (the stored conversation goes before the new input) and for
 * {@code item_reference} (an output item by its id). Bounded three ways: each response expires
 * {@code gateway.responses.retention} after it was stored; all responses together weigh at most
 * {@code max-stored-bytes} (their JSON), and one organisation's at most
 * {@code max-stored-bytes-per-organization}, so one busy organisation pushes out its own oldest,
 * not the others'. Another organisation's id is the same as a missing one.
 */
@ApplicationScoped
public class StoredResponses {

    /**
     * One stored response.
     *
     * @param response     the Response object as the client got it
     * @param conversation the Responses items of the whole conversation up to and including this
     *                     response's output (previous responses' first), for {@code previous_response_id}
     * @param input        the request's own input items, with ids ({@code input_items})
     */
    public record Stored(UUID organization, ObjectNode response, ArrayNode conversation, ArrayNode input, long bytes) {
    }

    private record ItemEntry(UUID organization, JsonNode item) {
    }

    private final long perOrganization;
    private final Cache<String, Stored> responses;
    private final Cache<String, ItemEntry> items;
    private final Map<UUID, AtomicLong> bytesOf = new ConcurrentHashMap<>();
    private final Map<UUID, ConcurrentLinkedDeque<String>> order = new ConcurrentHashMap<>();

    @Inject
    public StoredResponses(GatewayConfig config) {
        this(config.responses());
    }

    StoredResponses(GatewayConfig.Responses config) {
        this.perOrganization = config.maxStoredBytesPerOrganization();
        this.items = Caffeine.newBuilder().expireAfterWrite(config.retention()).build();
        // Removals are accounted on the caller's thread: the per-organisation loop in store() reads the sum at once.
        this.responses = Caffeine.newBuilder().executor(Runnable::run).expireAfterWrite(config.retention())
                .maximumWeight(config.maxStoredBytes())
                .weigher((String id, Stored stored) -> (int) Math.min(Integer.MAX_VALUE, stored.bytes()))
                .removalListener((String id, Stored stored, RemovalCause cause) -> forget(id, stored))
                .build();
    }

    /** Keeps a response (its output items become referable by id). A response larger than an organisation's share is not kept. */
    public void store(UUID organization, ObjectNode response, ArrayNode conversation, ArrayNode input) {
        long bytes = response.toString().getBytes(StandardCharsets.UTF_8).length
                + (long) conversation.toString().getBytes(StandardCharsets.UTF_8).length
                + input.toString().getBytes(StandardCharsets.UTF_8).length;
        if (bytes > perOrganization) {
            return;
        }
        String id = response.path("id").asText();
        Stored stored = new Stored(organization, response, conversation, input, bytes);
        for (JsonNode item : response.path("output")) {
            if (item.hasNonNull("id")) {
                items.put(item.get("id").asText(), new ItemEntry(organization, item));
            }
        }
        AtomicLong held = bytesOf.computeIfAbsent(organization, ignored -> new AtomicLong());
        ConcurrentLinkedDeque<String> ids = order.computeIfAbsent(organization, ignored -> new ConcurrentLinkedDeque<>());
        held.addAndGet(bytes);
        ids.addLast(id);
        responses.put(id, stored);
        // Over the organisation's share: its own oldest responses go.
        while (held.get() > perOrganization) {
            String oldest = ids.pollFirst();
            if (oldest == null) {
                break;
            }
            responses.invalidate(oldest);
        }
    }

    /** The organisation's stored response, if it is still kept. */
    public Optional<Stored> find(UUID organization, String id) {
        Stored stored = id == null ? null : responses.getIfPresent(id);
        return stored != null && stored.organization().equals(organization) ? Optional.of(stored) : Optional.empty();
    }

    /** An output item of one of the organisation's stored responses, by its id. */
    public Optional<JsonNode> item(UUID organization, String id) {
        ItemEntry entry = id == null ? null : items.getIfPresent(id);
        return entry != null && entry.organization().equals(organization) ? Optional.of(entry.item()) : Optional.empty();
    }

    /** Deletes the organisation's stored response; false when there is none (or it is another's). */
    public boolean delete(UUID organization, String id) {
        if (find(organization, id).isEmpty()) {
            return false;
        }
        responses.invalidate(id);
        return true;
    }

    private void forget(String id, Stored stored) {
        if (stored == null) {
            return;
        }
        for (JsonNode item : stored.response().path("output")) {
            if (item.hasNonNull("id")) {
                items.invalidate(item.get("id").asText());
            }
        }
        AtomicLong held = bytesOf.get(stored.organization());
        if (held != null) {
            held.addAndGet(-stored.bytes());
        }
        ConcurrentLinkedDeque<String> ids = order.get(stored.organization());
        if (ids != null) {
            ids.remove(id);
        }
    }
}
