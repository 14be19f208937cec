package ai.crafted.testsupport.postgres;

import java.util.Map;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Gives a {@code @QuarkusTest} its own throw-away database on the real PostgreSQL server, so
 * parallel or repeated runs never collide. Init arg {@code prefix} names the service.
 * Flyway migrates it over JDBC at start-up; the application uses the reactive URL.
 */
public class PostgresDatabaseResource implements QuarkusTestResourceLifecycleManager {

    private String database;
    private String prefix = "test";

    @Override
    public void init(Map<String, String> initArgs) {
        prefix = initArgs.getOrDefault("prefix", prefix);
    }

    @Override
    public Map<String, String> start() {
        String name = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        PostgresAdmin.createDatabase(name);
        database = name;
        return Map.of(
                "quarkus.datasource.username", PostgresAdmin.USER,
                "quarkus.datasource.password", PostgresAdmin.PASSWORD,
                "quarkus.datasource.jdbc.url", PostgresAdmin.jdbcUrl(name),
                "quarkus.datasource.reactive.url", PostgresAdmin.reactiveUrl(name));
    }

    @Override
    public void stop() {
        if (database != null) {
            PostgresAdmin.dropDatabase(database);
        }
    }
}
