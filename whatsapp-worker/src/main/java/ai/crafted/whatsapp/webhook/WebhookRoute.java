package ai.crafted.whatsapp.webhook;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.vertx.web.Route;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

import ai.crafted.events.Topics;
import ai.crafted.events.WhatsAppInboundMessage;
import ai.crafted.whatsapp.app.AppRegistry;
import ai.crafted.whatsapp.app.WhatsAppApp;
import ai.crafted.replay.ReadYourWrites;
import ai.crafted.whatsapp.delivery.DeliveryStatuses;
import ai.crafted.http.CanonicalUuid;

/**
 * The WhatsApp Cloud API webhook, one URL per app ({@code /webhooks/whatsapp/<appId>}): the GET
 * verification handshake, and signed POST deliveries whose messages go to Kafka keyed by
 * conversation, and delivery statuses are stored ({@link DeliveryStatuses}). It answers 200 as
 * soon as Kafka has the messages and the statuses are stored: no model call on this path.
 */
@ApplicationScoped
public class WebhookRoute {

    private static final Logger LOG = Logger.getLogger(WebhookRoute.class);

    private final AppRegistry apps;
    private final MutinyEmitter<WhatsAppInboundMessage> inbound;
    private final ObjectMapper json;
    private final MeterRegistry meters;
    private final DeliveryStatuses deliveries;
    private final ReadYourWrites readYourWrites;

    public WebhookRoute(AppRegistry apps, @Channel(Topics.WHATSAPP_INBOUND) MutinyEmitter<WhatsAppInboundMessage> inbound,
            ObjectMapper json, MeterRegistry meters, DeliveryStatuses deliveries, ReadYourWrites readYourWrites) {
        this.readYourWrites = readYourWrites;
        this.deliveries = deliveries;
        this.apps = apps;
        this.inbound = inbound;
        this.json = json;
        this.meters = meters;
    }

    @Route(path = "/webhooks/whatsapp/:appId", methods = Route.HttpMethod.GET)
    void verify(RoutingContext rc) {
        withCurrentApp(rc, Optional::isPresent, app -> verify(rc, app));
    }

    private void verify(RoutingContext rc, Optional<WhatsAppApp> app) {
        for (String parameter : new String[] {"hub.mode", "hub.verify_token", "hub.challenge"}) {
            if (rc.request().params().getAll(parameter).size() > 1) {
                WebhookErrors.send(rc, 400, "invalid_request", parameter + " appears more than once");
                return;
            }
        }
        String mode = rc.request().getParam("hub.mode");
        String token = rc.request().getParam("hub.verify_token");
        String challenge = rc.request().getParam("hub.challenge");
        if (app.isPresent() && "subscribe".equals(mode) && token != null && challenge != null
                && java.security.MessageDigest.isEqual(token.getBytes(), app.get().verifyToken().getBytes())) {
            rc.response().putHeader("Content-Type", "text/plain").end(challenge);
            return;
        }
        WebhookErrors.send(rc, 403, "verification_failed", "unknown app, or hub.mode or hub.verify_token does not match");
    }

    @Route(path = "/webhooks/whatsapp/:appId", methods = Route.HttpMethod.POST)
    void deliver(RoutingContext rc) {
        Buffer raw = rc.body().buffer();
        byte[] body = raw == null ? new byte[0] : raw.getBytes();
        withCurrentApp(rc, app -> app.isPresent()
                && SignatureCheck.valid(body, rc.request().getHeader("X-Hub-Signature-256"), app.get().appSecret()),
                app -> deliver(rc, app, body));
    }

    private void deliver(RoutingContext rc, Optional<WhatsAppApp> app, byte[] body) {
        if (app.isEmpty() || !SignatureCheck.valid(body, rc.request().getHeader("X-Hub-Signature-256"), app.get().appSecret())) {
            meters.counter("whatsapp.webhook.rejected").increment();
            WebhookErrors.send(rc, 401, "invalid_signature",
                    "unknown app, or X-Hub-Signature-256 does not sign this body with the app secret");
            return;
        }
        WebhookPayload.Parsed parsed;
        try {
            JsonNode tree = json.readTree(body);
            parsed = WebhookPayload.parse(tree, app.get());
        } catch (Exception e) {
            WebhookErrors.send(rc, 400, "invalid_payload", "the body is not a WhatsApp webhook delivery");
            return;
        }
        parsed.notAnswered().forEach((type, n) -> meters.counter("whatsapp.webhook.not_answered", "type", type).increment(n));
        parsed.dropped().forEach((reason, n) -> {
            LOG.warnf("app %s: %d webhook message(s) dropped: %s", app.get().appId(), n, reason);
            meters.counter("whatsapp.webhook.dropped", "reason", reason).increment(n);
        });
        List<Uni<Void>> sends = new ArrayList<>();
        for (WhatsAppInboundMessage message : parsed.messages()) {
            sends.add(inbound.sendMessage(Message.of(message).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                    .withKey(message.conversationKey()).build())));
        }
        if (!parsed.statuses().isEmpty()) {
            sends.add(deliveries.apply(app.get().appId(), parsed.statuses()));
        }
        Uni<?> all = sends.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(sends).andFailFast();
        all.subscribe().with(ignored -> {
            meters.counter("whatsapp.webhook.messages").increment(parsed.messages().size());
            rc.response().setStatusCode(200).end();
        }, failure -> {
            // Not acknowledged: WhatsApp redelivers, and the worker deduplicates.
            LOG.warnf("could not queue webhook messages: %s", failure.getMessage());
            WebhookErrors.send(rc, 503, "unavailable", "the message could not be queued; WhatsApp will deliver it again");
        });
    }

    /**
     * Hands the request's app to {@code then}; when it is unknown or does not accept the request
     * (a secret that does not match), first catches the app view up with the topic
     * ({@link ReadYourWrites}): an app created or changed in the control panel a moment ago is
     * then found as its answer said.
     */
    private void withCurrentApp(RoutingContext rc, Predicate<Optional<WhatsAppApp>> accepts, Consumer<Optional<WhatsAppApp>> then) {
        Optional<WhatsAppApp> app = app(rc);
        if (accepts.test(app) || !CanonicalUuid.is(rc.pathParam("appId"))) {
            // Found and accepted, or not an id at all: no app can appear for it.
            then.accept(app);
            return;
        }
        readYourWrites.thenOnContext(() -> then.accept(app(rc)));
    }

    private Optional<WhatsAppApp> app(RoutingContext rc) {
        return CanonicalUuid.parse(rc.pathParam("appId")).flatMap(apps::find);
    }
}
