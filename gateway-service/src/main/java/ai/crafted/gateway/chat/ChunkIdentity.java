package ai.crafted.gateway.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The identity every chunk of one streamed answer carries ({@code id}, {@code created},
 * {@code model}), taken from the provider's first chunk: a client sees one completion even when
 * the gateway ran several model rounds, each with its own id. The chunks the gateway writes
 * itself (the finish, the summed usage) also carry the latest {@code system_fingerprint} and
 * {@code service_tier} the provider sent, as OpenAI's own chunks all do. Also remembers whether
 * the {@code role} delta has gone out (it is sent once).
 */
final class ChunkIdentity {

    private String id;
    private long created;
    private String model;
    private boolean roleSent;
    private JsonNode systemFingerprint;
    private JsonNode serviceTier;

    /** Takes the identity from the first chunk that has one, and the latest fingerprint and tier. */
    void adopt(JsonNode chunk) {
        if (id == null && chunk.hasNonNull("id")) {
            id = chunk.get("id").asText();
            created = chunk.path("created").asLong(System.currentTimeMillis() / 1000);
            model = chunk.path("model").asText("");
        }
        if (chunk.hasNonNull("system_fingerprint")) {
            systemFingerprint = chunk.get("system_fingerprint");
        }
        if (chunk.hasNonNull("service_tier")) {
            serviceTier = chunk.get("service_tier");
        }
    }

    /** Whether an identity was seen (false: the provider sent no chunk yet). */
    boolean known() {
        return id != null;
    }

    /** Rewrites a provider chunk to the conversation's identity. */
    void stamp(ObjectNode chunk) {
        if (id != null) {
            chunk.put("id", id).put("created", created).put("model", model);
        }
    }

    /** A new chunk object with the identity and {@code object: chat.completion.chunk}. */
    ObjectNode newChunk(ObjectMapper json) {
        ObjectNode chunk = json.createObjectNode().put("id", id == null ? "chatcmpl-gateway" : id)
                .put("object", "chat.completion.chunk")
                .put("created", id == null ? System.currentTimeMillis() / 1000 : created)
                .put("model", model == null ? "" : model);
        if (systemFingerprint != null) {
            chunk.set("system_fingerprint", systemFingerprint);
        }
        if (serviceTier != null) {
            chunk.set("service_tier", serviceTier);
        }
        return chunk;
    }

    boolean roleSent() {
        return roleSent;
    }

    void roleSentNow() {
        roleSent = true;
    }
}
