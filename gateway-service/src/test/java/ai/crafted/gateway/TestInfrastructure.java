package ai.crafted.gateway;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

import ai.crafted.testsupport.postgres.PostgresDatabaseResource;

/**
 * Every test of this module runs against a real throw-away PostgreSQL database (the gateway's
 * approvals and outbox); the Kafka broker is declared by the tests that use it.
 */
@QuarkusTestResource(value = PostgresDatabaseResource.class, initArgs = @ResourceArg(name = "prefix", value = "gateway"))
public final class TestInfrastructure {

    private TestInfrastructure() {
    }
}
