package ai.crafted.gateway.responses;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;

import ai.crafted.gateway.config.GatewayConfig;

/**
 * The responses {@code /v1/responses} keeps (requests without {@code "store": false}), in this
 * instance's memory: for {@code GET}/{@code DELETE /v1/responses/{id}}, {@code input_items}, for
 * {@code previous_response_id} (the stored conversation goes before the new input) and for
 * {@code item_reference} (an output item by its id).
 *
 * <p>Kept as UTF-8 JSON bytes, parsed again when read: a parsed tree costs tens of times its
 * JSON in heap (an object per node), so the byte budgets below are what the heap holds. One
 * response takes at most {@code max-stored-bytes-per-response} (a follow-up parses its whole
 * conversation, so this bounds what a small request can make the gateway read). Bounded three
 * ways: each response expires {@code gateway.responses.retention} after it was stored; one
 * organisation holds at most {@code max-stored-bytes-per-organization} (beyond it, its own
 * oldest go); all together at most {@code max-stored-bytes}, and when that is full the
 * organisation holding the most loses its oldest, so organisations storing little never lose
 * theirs to busy ones. Another organisation's id is the same as a missing one.
 */
@ApplicationScoped
public class StoredResponses {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One stored response, as bytes.
     *
     * @param conversation the Responses items of the whole conversation up to and including this
     *                     response's output (previous responses' first), for {@code previous_response_id}
     * @param input        the request's own input items, with ids ({@code input_items})
     * @param itemIds      the ids of its output items (indexed for {@code item_reference})
     * @param bytes        what it holds in all (also its output items)
     */
    public record Stored(UUID organization, String id, byte[] responseJson, byte[] conversationJson, byte[] inputJson,
            java.util.Set<String> itemIds, long bytes) {

        /** The Response object as the client got it (a new tree on every call). */
        public ObjectNode response() {
            return (ObjectNode) parse(responseJson);
        }

        public ArrayNode conversation() {
            return (ArrayNode) parse(conversationJson);
        }

        public ArrayNode input() {
            return (ArrayNode) parse(inputJson);
        }
    }

    private record ItemEntry(UUID organization, byte[] item) {
    }

    private final long perOrganization;
    private final long perResponse;
    private final long total;
    private final Cache<String, Stored> responses;
    private final Cache<String, ItemEntry> items;
    private final Map<UUID, AtomicLong> bytesOf = new ConcurrentHashMap<>();
    private final Map<UUID, ConcurrentLinkedDeque<String>> order = new ConcurrentHashMap<>();
    private final AtomicLong held = new AtomicLong();

    @Inject
    public StoredResponses(GatewayConfig config) {
        this(config.responses());
    }

    StoredResponses(GatewayConfig.Responses config) {
        this.perOrganization = config.maxStoredBytesPerOrganization();
        this.perResponse = config.maxStoredBytesPerResponse();
        this.total = config.maxStoredBytes();
        this.items = Caffeine.newBuilder().expireAfterWrite(config.retention()).build();
        // Removals are accounted on the caller's thread: the budget loops in store() read the sums at once.
        this.responses = Caffeine.newBuilder().executor(Runnable::run).expireAfterWrite(config.retention())
                .removalListener((String id, Stored stored, RemovalCause cause) -> forget(id, stored))
                .build();
    }

    /**
     * Keeps a response; its output items become referable by id.
     *
     * @return false when it is not kept: larger than one response or an organisation's share may be
     */
    public synchronized boolean store(UUID organization, ObjectNode response, ArrayNode conversation, ArrayNode input) {
        responses.cleanUp(); // expired ones leave the budgets first
        String id = response.path("id").asText();
        byte[] responseJson = bytes(response);
        byte[] conversationJson = bytes(conversation);
        byte[] inputJson = bytes(input);
        Map<String, byte[]> outputItems = new java.util.LinkedHashMap<>();
        long size = responseJson.length + (long) conversationJson.length + inputJson.length;
        for (JsonNode item : response.path("output")) {
            if (item.hasNonNull("id")) {
                byte[] itemJson = bytes(item);
                outputItems.put(item.get("id").asText(), itemJson);
                size += itemJson.length;
            }
        }
        if (size > perResponse || size > perOrganization || size > total) {
            return false;
        }
        Stored stored = new Stored(organization, id, responseJson, conversationJson, inputJson,
                java.util.Set.copyOf(outputItems.keySet()), size);
        outputItems.forEach((itemId, itemJson) -> items.put(itemId, new ItemEntry(organization, itemJson)));
        AtomicLong ofOrganization = bytesOf.computeIfAbsent(organization, ignored -> new AtomicLong());
        ofOrganization.addAndGet(size);
        held.addAndGet(size);
        // Stored before it joins the eviction order (synchronized: two stores never interleave here).
        responses.put(id, stored);
        order.computeIfAbsent(organization, ignored -> new ConcurrentLinkedDeque<>()).addLast(id);
        while (ofOrganization.get() > perOrganization && evictOldestOf(organization)) {
            // its own oldest go first
        }
        while (held.get() > total && evictOldestOf(largestHolder())) {
            // the instance is full: the organisation holding the most gives way
        }
        return responses.getIfPresent(id) != null;
    }

    /** The organisation holding the most that still has a response to give up. */
    private UUID largestHolder() {
        return bytesOf.entrySet().stream().filter(e -> !order.getOrDefault(e.getKey(), new ConcurrentLinkedDeque<>()).isEmpty())
                .max(Comparator.comparingLong(e -> e.getValue().get())).map(Map.Entry::getKey).orElse(null);
    }

    private boolean evictOldestOf(UUID organization) {
        ConcurrentLinkedDeque<String> ids = organization == null ? null : order.get(organization);
        String oldest = ids == null ? null : ids.pollFirst();
        if (oldest == null) {
            return false;
        }
        responses.invalidate(oldest);
        return true;
    }

    /** The organisation's stored response, if it is still kept. */
    public Optional<Stored> find(UUID organization, String id) {
        Stored stored = id == null ? null : responses.getIfPresent(id);
        return stored != null && stored.organization().equals(organization) ? Optional.of(stored) : Optional.empty();
    }

    /** An output item of one of the organisation's stored responses, by its id (a new tree on every call). */
    public Optional<JsonNode> item(UUID organization, String id) {
        ItemEntry entry = id == null ? null : items.getIfPresent(id);
        return entry != null && entry.organization().equals(organization) ? Optional.of(parse(entry.item())) : Optional.empty();
    }

    /** Deletes the organisation's stored response; false when there is none (or it is another's). */
    public boolean delete(UUID organization, String id) {
        if (find(organization, id).isEmpty()) {
            return false;
        }
        responses.invalidate(id);
        return true;
    }

    /** Bytes held by all stored responses of this instance. */
    long heldBytes() {
        return held.get();
    }

    private void forget(String id, Stored stored) {
        if (stored == null) {
            return;
        }
        items.invalidateAll(stored.itemIds());
        held.addAndGet(-stored.bytes());
        AtomicLong ofOrganization = bytesOf.get(stored.organization());
        if (ofOrganization != null) {
            ofOrganization.addAndGet(-stored.bytes());
        }
        ConcurrentLinkedDeque<String> ids = order.get(stored.organization());
        if (ids != null) {
            ids.remove(id);
        }
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode parse(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
