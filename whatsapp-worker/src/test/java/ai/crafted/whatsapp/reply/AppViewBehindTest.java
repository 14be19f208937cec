package ai.crafted.whatsapp.reply;

import static ai.crafted.testsupport.mcp.ScriptedUpstream.text;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.ChannelRegistry;

import ai.crafted.events.Topics;
import ai.crafted.events.WhatsAppInboundMessage;
import ai.crafted.testsupport.kafka.KafkaBrokerResource;
import ai.crafted.testsupport.kafka.TopicWriter;
import ai.crafted.testsupport.mcp.FakeGraphApi;
import ai.crafted.testsupport.mcp.ScriptedUpstream;
import ai.crafted.testsupport.postgres.PostgresDatabaseResource;
import ai.crafted.whatsapp.WhatsAppFixtures;
import ai.crafted.whatsapp.WhatsAppPeers;
import ai.crafted.whatsapp.app.AppRegistry;

/**
 * With two workers, the webhook of one can take a message for an app the other, which owns the
 * customer's partition, has not applied yet (seen in the two-instance suite: the message was
 * dropped as "unknown app"). Here this instance's app view is paused while the app's event is
 * on the topic and the message arrives: the reply waits for the view to catch up, then answers.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresDatabaseResource.class, initArgs = @ResourceArg(name = "prefix", value = "whatsapp"))
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(WhatsAppPeers.class)
class AppViewBehindTest {

    @Inject
    ChannelRegistry channels;

    @Inject
    AppRegistry apps;

    private final ScriptedUpstream gateway = WhatsAppPeers.gateway();
    private final FakeGraphApi graph = WhatsAppPeers.graph();

    @Test
    void aMessageForAnAppThisInstanceHasNotAppliedYetIsAnsweredOnceItHas() throws Exception {
        UUID org = UUID.randomUUID();
        UUID app = UUID.randomUUID();
        String phone = Long.toString(500000000L + (long) (Math.random() * 1e9));
        String customer = "4915" + (10000000 + (int) (Math.random() * 8e7));
        gateway.reset();
        graph.resetFailures();
        gateway.whenIdle(request -> text("Your order ships today."));
        var appView = channels.getPausable(Topics.WHATSAPP_APP_UPDATED);
        appView.pause();
        try {
            WhatsAppFixtures.publishApp(org, app, phone, List.of());
            TopicWriter.send(Topics.WHATSAPP_INBOUND, app + ":" + customer, new WhatsAppInboundMessage(
                    WhatsAppInboundMessage.SCHEMA_VERSION, app, org, phone, customer, "wamid.behind-" + UUID.randomUUID(), "text",
                    "Where is my order?", Instant.now(), null, Instant.now(), null));
            // The reply worker has the message and waits for the app; the view resumes a moment later.
            CompletableFuture.runAsync(appView::resume, CompletableFuture.delayedExecutor(1500, TimeUnit.MILLISECONDS));
            await().atMost(Duration.ofSeconds(30)).until(() -> apps.find(app).isPresent());
        } finally {
            appView.resume();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> graph.sent().stream().anyMatch(s -> customer.equals(s.to())));
        assertThat(graph.sent().stream().filter(s -> customer.equals(s.to())).map(FakeGraphApi.Sent::text))
                .containsExactly("Your order ships today.");
    }

    /**
     * The handshake WhatsApp sends right after an app is saved reaches a worker whose view has not
     * applied the app yet: the worker catches up before it answers. (The view is paused here, which
     * holds it behind exactly as a backlog would on any machine; a backlog of 20,000 records made
     * the outcome depend on how fast the machine applied them.)
     */
    @Test
    void theFirstHandshakeOfAnAppThisInstanceHasNotAppliedYetIsAnsweredOnceItHas() {
        UUID org = UUID.randomUUID();
        UUID app = UUID.randomUUID();
        var appView = channels.getPausable(Topics.WHATSAPP_APP_UPDATED);
        appView.pause();
        try {
            WhatsAppFixtures.publishApp(org, app, Long.toString(600000000L + (long) (Math.random() * 1e9)), List.of());
            CompletableFuture.runAsync(appView::resume, CompletableFuture.delayedExecutor(1500, TimeUnit.MILLISECONDS));
            given().queryParam("hub.mode", "subscribe").queryParam("hub.verify_token", WhatsAppFixtures.VERIFY_TOKEN)
                    .queryParam("hub.challenge", "7").get("/webhooks/whatsapp/{app}", app)
                    .then().statusCode(200).body(equalTo("7"));
        } finally {
            appView.resume();
        }
    }
}
