package ai.crafted.integrations.outbox;

import static ai.crafted.integrations.ControlPanelApi.asAdmin;
import static ai.crafted.integrations.ControlPanelApi.integrationJson;
import static ai.crafted.integrations.ControlPanelApi.newOrg;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import ai.crafted.events.Topics;
import ai.crafted.testsupport.kafka.TopicReader;
import ai.crafted.testsupport.postgres.TestDatabase;

/**
 * The transactional outbox keeps the writer's trace: an event written while handling a traced
 * request is stored with that request's W3C trace context and relayed with it in the record's
 * {@code traceparent} header, so the consumer's span continues the request's trace.
 */
@QuarkusTest
class OutboxTracingTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void anEventWrittenByATracedRequestIsRelayedWithThatTracesTraceparent() {
        String org = newOrg();
        String traceId = hex(16);
        String callerSpanId = hex(8);

        String id = asAdmin(org).header("traceparent", "00-" + traceId + "-" + callerSpanId + "-01")
                .body(integrationJson("traced-install", "https://traced-install.example.com/mcp"))
                .post("/organizations/{org}/integrations", org).then().statusCode(201).extract().path("id");

        String stored = (String) TestDatabase.query("select traceparent from outbox_events where topic = ? and message_key = ?",
                Topics.INTEGRATION_UPDATED, id).get(0).get("traceparent");
        try (TopicReader reader = new TopicReader(Topics.INTEGRATION_UPDATED)) {
            ConsumerRecord<String, String> record = reader.awaitForKey(id, 1, Duration.ofSeconds(30)).get(0);
            Header header = record.headers().lastHeader("traceparent");
            assertThat(header).as("traceparent header of the relayed record").isNotNull();
            String traceparent = new String(header.value(), StandardCharsets.US_ASCII);
            assertThat(traceparent).isEqualTo(stored);
            String[] parts = traceparent.split("-");
            assertThat(parts[1]).as("trace id").isEqualTo(traceId);
            // The writer's span (the request's server span or one under it), not the caller's.
            assertThat(parts[2]).as("parent id").matches("[0-9a-f]{16}").isNotEqualTo(callerSpanId);
            assertThat(parts[3]).as("sampled, as the caller asked").isEqualTo("01");
        }
    }

    @Test
    void aCallersOverlongTracestateIsTruncatedNotAFailedWrite() {
        String org = newOrg();
        String traceId = hex(16);
        // 3 members of 250+ characters and 2 short ones: 800+ characters, over the 512 kept.
        String tracestate = "a=" + "x".repeat(250) + ",b=" + "y".repeat(250) + ",c=1,d=" + "z".repeat(250) + ",e=2";

        String id = asAdmin(org).header("traceparent", "00-" + traceId + "-" + hex(8) + "-01").header("tracestate", tracestate)
                .body(integrationJson("long-tracestate", "https://long-tracestate.example.com/mcp"))
                .post("/organizations/{org}/integrations", org).then().statusCode(201).extract().path("id");

        var row = TestDatabase.query("select traceparent, tracestate from outbox_events where topic = ? and message_key = ?",
                Topics.INTEGRATION_UPDATED, id).get(0);
        assertThat((String) row.get("traceparent")).contains(traceId);
        assertThat((String) row.get("tracestate")).as("the members over 128 characters are dropped first").isEqualTo("c=1,e=2");
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
