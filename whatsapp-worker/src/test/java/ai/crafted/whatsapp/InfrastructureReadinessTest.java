package ai.crafted.whatsapp;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

import ai.crafted.testsupport.kafka.KafkaBrokerResource;
import ai.crafted.testsupport.postgres.PostgresDatabaseResource;
import ai.crafted.testsupport.postgres.TestDatabase;

@QuarkusTest
@QuarkusTestResource(value = PostgresDatabaseResource.class, initArgs = @ResourceArg(name = "prefix", value = "whatsapp"))
@QuarkusTestResource(KafkaBrokerResource.class)
class InfrastructureReadinessTest {

    @Test
    void readinessCoversTheRealDatabaseAndBroker() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("Reactive PostgreSQL connections health check",
                        "Kafka connection health check", "state replay [whatsapp-app-updated]"))
                .body("checks.find { it.name.startsWith('state replay') }.data.recordsBehind", equalTo(0));
    }

    @Test
    void flywayCreatedTheConversationTables() {
        var tables = TestDatabase.query("select table_name from information_schema.tables"
                + " where table_schema = 'public' order by table_name");
        assertThat(tables).extracting(row -> row.get("table_name"))
                .contains("conversations", "conversation_messages");
    }
}
