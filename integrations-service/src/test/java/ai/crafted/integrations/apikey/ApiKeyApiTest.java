package ai.crafted.integrations.apikey;

import static ai.crafted.integrations.ControlPanelApi.asAdmin;
import static ai.crafted.integrations.ControlPanelApi.asViewer;
import static ai.crafted.integrations.ControlPanelApi.newOrg;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import ai.crafted.events.ApiKeyUpdatedEvent;
import ai.crafted.events.ChangeType;
import ai.crafted.events.EventJson;
import ai.crafted.events.Topics;
import ai.crafted.secrets.ApiKeys;
import ai.crafted.testsupport.kafka.TopicReader;
import ai.crafted.testsupport.postgres.TestDatabase;

@QuarkusTest
class ApiKeyApiTest {

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
}
