package ai.crafted.gateway.responses;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import ai.crafted.gateway.config.GatewayConfig;

/** The bounds of {@link StoredResponses}: organisations apart, each within its share, items with their response. */
class StoredResponsesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static GatewayConfig.Responses config(long total, long perOrganization) {
        return new GatewayConfig.Responses() {
            @Override
            public Duration retention() {
                return Duration.ofHours(1);
            }

            @Override
            public long maxStoredBytes() {
                return total;
            }

            @Override
            public long maxStoredBytesPerOrganization() {
                return perOrganization;
            }

            @Override
            public long maxStoredBytesPerResponse() {
                return perOrganization / 2;
            }
        };
    }

    private static ObjectNode response(String id, String text) {
        ObjectNode response = JSON.createObjectNode().put("id", id);
        response.putArray("output").addObject().put("id", "msg_" + id).put("type", "message").put("text", text);
        return response;
    }

    @Test
    void anOrganisationOverItsSharePushesOutItsOwnOldestNotAnothers() {
        StoredResponses stored = new StoredResponses(config(1_000_000, 2_000));
        UUID busy = UUID.randomUUID();
        UUID quiet = UUID.randomUUID();
        stored.store(quiet, response("q1", "x".repeat(300)), JSON.createArrayNode(), JSON.createArrayNode());
        for (int i = 0; i < 10; i++) {
            stored.store(busy, response("b" + i, "x".repeat(300)), JSON.createArrayNode(), JSON.createArrayNode());
        }
        assertThat(stored.find(quiet, "q1")).isPresent();
        assertThat(stored.item(quiet, "msg_q1")).isPresent();
        assertThat(stored.find(busy, "b9")).isPresent();
        assertThat(stored.find(busy, "b0")).as("the busy organisation's oldest went").isEmpty();
        assertThat(stored.item(busy, "msg_b0")).as("with its items").isEmpty();
    }

    @Test
    void whenTheInstanceIsFullTheOrganisationHoldingTheMostGivesWayNotTheSmallOnes() {
        // The attack: five organisations each under their share, together over the instance's budget.
        StoredResponses stored = new StoredResponses(config(10_000, 3_000));
        UUID small = UUID.randomUUID();
        stored.store(small, response("s1", "x".repeat(100)), JSON.createArrayNode(), JSON.createArrayNode());
        for (int org = 0; org < 5; org++) {
            UUID busy = UUID.randomUUID();
            for (int i = 0; i < 3; i++) {
                stored.store(busy, response("b" + org + "-" + i, "x".repeat(800)), JSON.createArrayNode(), JSON.createArrayNode());
            }
        }
        assertThat(stored.find(small, "s1")).as("the organisation storing little keeps its response").isPresent();
        assertThat(stored.heldBytes()).isLessThanOrEqualTo(10_000);
        assertThat(stored.find(small, "s1").get().response().path("output").path(0).path("text").asText()).hasSize(100);
    }

    @Test
    void anotherOrganisationsIdsAreNotFoundAndCannotBeDeleted() {
        StoredResponses stored = new StoredResponses(config(1_000_000, 100_000));
        UUID owner = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        ArrayNode conversation = JSON.createArrayNode();
        stored.store(owner, response("r1", "secret"), conversation, JSON.createArrayNode());
        assertThat(stored.find(other, "r1")).isEmpty();
        assertThat(stored.item(other, "msg_r1")).isEmpty();
        assertThat(stored.delete(other, "r1")).isFalse();
        assertThat(stored.find(owner, "r1")).isPresent();
        assertThat(stored.delete(owner, "r1")).isTrue();
        assertThat(stored.find(owner, "r1")).isEmpty();
        assertThat(stored.item(owner, "msg_r1")).as("deleted with its response").isEmpty();
    }

    @Test
    void aResponseLargerThanOneResponseMayBeIsNotKept() {
        StoredResponses stored = new StoredResponses(config(1_000_000, 2_000));
        UUID organization = UUID.randomUUID();
        assertThat(stored.store(organization, response("big", "x".repeat(1_000)), JSON.createArrayNode(), JSON.createArrayNode()))
                .isFalse();
        assertThat(stored.find(organization, "big")).isEmpty();
    }
}
