package ai.crafted.catalog;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

import ai.crafted.testsupport.kafka.KafkaBrokerResource;
import ai.crafted.testsupport.postgres.PostgresDatabaseResource;

/** Every test of this module runs against a real throw-away PostgreSQL database and a real Kafka broker. */
@QuarkusTestResource(value = PostgresDatabaseResource.class, initArgs = @ResourceArg(name = "prefix", value = "catalog"))
@QuarkusTestResource(KafkaBrokerResource.class)
public final class TestInfrastructure {

    private TestInfrastructure() {
    }
}
