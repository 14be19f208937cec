package ai.crafted.integrations.apikey;

import static ai.crafted.integrations.ControlPanelApi.asAdmin;
import static ai.crafted.integrations.ControlPanelApi.asViewer;
import static ai.crafted.integrations.ControlPanelApi.install;
import static ai.crafted.integrations.ControlPanelApi.newOrg;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyIterable;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;

import ai.crafted.events.ApiKeyUpdatedEvent;
import ai.crafted.events.ApiKeyUsedEvent;
import ai.crafted.events.ChangeType;
import ai.crafted.events.EventJson;
import ai.crafted.events.Topics;
import ai.crafted.secrets.ApiKeys;
import ai.crafted.testsupport.kafka.TopicReader;
import ai.crafted.testsupport.kafka.TopicWriter;
import ai.crafted.testsupport.postgres.TestDatabase;

@QuarkusTest
class ApiKeyApiTest {

    @Inject
    ApiKeyService keys;

    @Test
    void aKeyIsShownOnceStoredHashedAndItsRevocationIsPublished() {
        String org = newOrg();
        var created = asAdmin(org).body("{\"name\":\"whatsapp-worker\"}").post("/organizations/{org}/api-keys", org)
                .then().statusCode(201).body("name", equalTo("whatsapp-worker"))
                .header("Cache-Control", "no-store").extract().jsonPath();
        String id = created.getString("id");
        String key = created.getString("key");
        assertThat(key).startsWith("crk_").hasSizeGreaterThan(40);
        assertThat(created.getString("prefix")).isEqualTo(key.substring(0, 10));

        String listed = asAdmin(org).get("/organizations/{org}/api-keys", org).then().statusCode(200)
                .body("items[0].id", equalTo(id)).extract().asString();
        assertThat(listed).doesNotContain(key).doesNotContain("\"key\"");
        assertThat(TestDatabase.query("select key_hash from api_keys where id = ?::uuid", id).get(0).get("key_hash"))
                .isEqualTo(ApiKeys.hash(key));

        asAdmin(org).delete("/organizations/{org}/api-keys/{id}", org, id).then().statusCode(204);
        asAdmin(org).get("/organizations/{org}/api-keys", org).then().body("items[0].revokedAt", notNullValue());

        try (TopicReader reader = new TopicReader(Topics.API_KEY_UPDATED)) {
            List<ApiKeyUpdatedEvent> events = reader.awaitForKey(id, 2, Duration.ofSeconds(20)).stream()
                    .map(r -> EventJson.read(r.value(), ApiKeyUpdatedEvent.class)).toList();
            assertThat(events).extracting(ApiKeyUpdatedEvent::changeType).containsExactly(ChangeType.CREATED, ChangeType.REVOKED);
            assertThat(events).allSatisfy(e -> assertThat(e.keyHash()).isEqualTo(ApiKeys.hash(key)));
            assertThat(events).as("a key without a scope stays readable by every gateway")
                    .allSatisfy(e -> assertThat(e.schemaVersion()).isEqualTo(ApiKeyUpdatedEvent.SCHEMA_VERSION));
        }
    }

    @Test
    void aKeyCanExpireAfterSomeDaysAndTheGatewayIsToldWhen() {
        String org = newOrg();
        Instant before = Instant.now();
        var created = asAdmin(org).body("{\"name\":\"quarterly\",\"expiresInDays\":90}").post("/organizations/{org}/api-keys", org)
                .then().statusCode(201).extract().jsonPath();
        Instant expiresAt = Instant.parse(created.getString("expiresAt"));
        assertThat(expiresAt).isBetween(before.plus(Duration.ofDays(90)).minusSeconds(1), Instant.now().plus(Duration.ofDays(90)));
        String forever = asAdmin(org).body("{\"name\":\"forever\"}").post("/organizations/{org}/api-keys", org)
                .then().statusCode(201).body("$", not(hasKey("expiresAt"))).extract().path("id");

        for (String bad : List.of("0", "731", "-1", "\"soon\"", "1.5")) {
            asAdmin(org).body("{\"name\":\"bad\",\"expiresInDays\":" + bad + "}").post("/organizations/{org}/api-keys", org)
                    .then().statusCode(400).body("error.field", equalTo("expiresInDays"));
        }
        try (TopicReader reader = new TopicReader(Topics.API_KEY_UPDATED)) {
            ApiKeyUpdatedEvent event = EventJson.read(reader.awaitForKey(created.getString("id"), 1, Duration.ofSeconds(20))
                    .get(0).value(), ApiKeyUpdatedEvent.class);
            assertThat(event.expiresAt()).isEqualTo(expiresAt);
            assertThat(EventJson.read(reader.awaitForKey(forever, 1, Duration.ofSeconds(20)).get(0).value(),
                    ApiKeyUpdatedEvent.class).expiresAt()).isNull();
        }
    }

    @Test
    void viewersCannotCreateOrRevokeAndOtherOrganisationsCannotTouchKeys() {
        String org = newOrg();
        String id = asAdmin(org).body("{\"name\":\"k\"}").post("/organizations/{org}/api-keys", org)
                .then().statusCode(201).extract().path("id");

        asViewer(org).get("/organizations/{org}/api-keys", org).then().statusCode(200).body(not(equalTo("")));
        asViewer(org).body("{\"name\":\"x\"}").post("/organizations/{org}/api-keys", org).then().statusCode(403);
        asViewer(org).delete("/organizations/{org}/api-keys/{id}", org, id).then().statusCode(403);
        String other = newOrg();
        asAdmin(other).delete("/organizations/{org}/api-keys/{id}", other, id).then().statusCode(404);
        asAdmin(org).body("{\"name\":\" \"}").post("/organizations/{org}/api-keys", org).then().statusCode(400)
                .body("error.field", equalTo("name"));
    }

    @Test
    void aKeysScopeNamesOnlyTheOrganisationsPluginsAndReachesTheGateway() {
        String org = newOrg();
        String crm = install(org, "crm");
        String docs = install(org, "docs");
        String foreign = install(newOrg(), "crm");
        String id = asAdmin(org).body("{\"name\":\"crm only\",\"mcpPluginIds\":[\"" + crm + "\",\"" + crm + "\"]}")
                .post("/organizations/{org}/api-keys", org).then().statusCode(201)
                .body("mcpPluginIds", contains(crm)).extract().path("id");
        String none = asAdmin(org).body("{\"name\":\"no plugins\",\"mcpPluginIds\":[]}")
                .post("/organizations/{org}/api-keys", org).then().statusCode(201)
                .body("mcpPluginIds", emptyIterable()).extract().path("id");
        asAdmin(org).body("{\"name\":\"all\"}").post("/organizations/{org}/api-keys", org).then().statusCode(201)
                .body("$", not(hasKey("mcpPluginIds")));

        for (String bad : List.of(foreign, UUID.randomUUID().toString())) {
            asAdmin(org).body("{\"name\":\"bad\",\"mcpPluginIds\":[\"" + docs + "\",\"" + bad + "\"]}")
                    .post("/organizations/{org}/api-keys", org).then().statusCode(400)
                    .body("error.field", equalTo("mcpPluginIds")).body("error.message", containsString(bad));
        }
        for (String bad : List.of("[null]", "[\"crm\"]", "\"" + crm + "\"", "{}")) {
            asAdmin(org).body("{\"name\":\"bad\",\"mcpPluginIds\":" + bad + "}").post("/organizations/{org}/api-keys", org)
                    .then().statusCode(400).body("error.field", containsString("mcpPluginIds"));
        }
        asAdmin(org).get("/organizations/{org}/api-keys?q=bad", org).then().body("total", equalTo(0));
        try (TopicReader reader = new TopicReader(Topics.API_KEY_UPDATED)) {
            ApiKeyUpdatedEvent scoped = EventJson.read(reader.awaitForKey(id, 1, Duration.ofSeconds(20)).get(0).value(),
                    ApiKeyUpdatedEvent.class);
            assertThat(scoped.mcpPluginIds()).containsExactly(UUID.fromString(crm));
            // A gateway that knows only version 1 would read the scope as "every plugin": it must skip the key.
            assertThat(scoped.schemaVersion()).isEqualTo(ApiKeyUpdatedEvent.SCOPED_SCHEMA_VERSION);
            ApiKeyUpdatedEvent empty = EventJson.read(reader.awaitForKey(none, 1, Duration.ofSeconds(20)).get(0).value(),
                    ApiKeyUpdatedEvent.class);
            assertThat(empty.mcpPluginIds()).isEmpty();
            assertThat(empty.schemaVersion()).isEqualTo(ApiKeyUpdatedEvent.SCOPED_SCHEMA_VERSION);
        }
    }

    @Test
    void theGatewaysWordOnALastUseIsShownAndOnlyEverMovesForward() {
        String org = newOrg();
        String id = asAdmin(org).body("{\"name\":\"used\"}").post("/organizations/{org}/api-keys", org)
                .then().statusCode(201).body("$", not(hasKey("lastUsedAt"))).extract().path("id");
        Instant used = Instant.parse("2026-11-30T10:15:30.123Z");
        send(org, id, used);
        await().atMost(Duration.ofSeconds(20)).until(() -> used.toString().equals(lastUsed(org)));

        Instant later = used.plusSeconds(120);
        send(org, id, later);
        await().atMost(Duration.ofSeconds(20)).until(() -> later.toString().equals(lastUsed(org)));
        // Another organisation's word on this key id, and an older use (another gateway instance's late
        // report), change nothing.
        usedAt(newOrg(), id, later.plus(Duration.ofHours(3)));
        usedAt(org, id, used.minusSeconds(3600));
        assertThat(lastUsed(org)).isEqualTo(later.toString());
    }

    private void usedAt(String org, String id, Instant when) {
        try {
            VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(
                    () -> keys.usedAt(UUID.fromString(org), UUID.fromString(id), when)));
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }

    private static String lastUsed(String org) {
        return asAdmin(org).get("/organizations/{org}/api-keys", org).then().extract().path("items[0].lastUsedAt");
    }

    private static void send(String org, String keyId, Instant usedAt) {
        TopicWriter.send(Topics.API_KEY_USED, keyId, new ApiKeyUsedEvent(ApiKeyUsedEvent.SCHEMA_VERSION, UUID.randomUUID(),
                UUID.fromString(org), UUID.fromString(keyId), usedAt));
    }
}
