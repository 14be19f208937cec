package ai.crafted.testsupport.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Creates and drops throw-away databases on the real PostgreSQL server. Connection settings come
 * from {@code CRAFTED_PG_HOST}, {@code CRAFTED_PG_PORT}, {@code CRAFTED_PG_USER} and
 * {@code CRAFTED_PG_PASSWORD}; the defaults match what {@code deploy/local/ensure-postgres.sh} sets up.
 */
public final class PostgresAdmin {

    public static final String HOST = env("CRAFTED_PG_HOST", "127.0.0.1");
    public static final String PORT = env("CRAFTED_PG_PORT", "5432");
    public static final String USER = env("CRAFTED_PG_USER", "crafted");
    public static final String PASSWORD = env("CRAFTED_PG_PASSWORD", "crafted");

    private PostgresAdmin() {
    }

    public static String jdbcUrl(String database) {
        return "jdbc:postgresql://" + HOST + ":" + PORT + "/" + database;
    }

    public static String reactiveUrl(String database) {
        return "postgresql://" + HOST + ":" + PORT + "/" + database;
    }

    public static void createDatabase(String name) {
        execute("CREATE DATABASE " + quoted(name));
    }

    public static void dropDatabase(String name) {
        execute("DROP DATABASE IF EXISTS " + quoted(name) + " WITH (FORCE)");
    }

    /**
     * What a restart of PostgreSQL looks like to the services using one database, without
     * touching the server others share: new connections to it are refused and every open one is
     * terminated. {@link #reopenDatabase(String)} ends it.
     */
    public static void closeDatabase(String name) {
        execute("ALTER DATABASE " + quoted(name) + " ALLOW_CONNECTIONS false");
        execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name + "'");
    }

    /** Accepts connections to the database again after {@link #closeDatabase(String)}. */
    public static void reopenDatabase(String name) {
        execute("ALTER DATABASE " + quoted(name) + " ALLOW_CONNECTIONS true");
    }

    private static void execute(String sql) {
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), USER, PASSWORD);
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + HOST + ":" + PORT + " as " + USER
                    + " refused '" + sql + "': " + e.getMessage()
                    + " (run deploy/local/ensure-postgres.sh to start it and create the role)", e);
        }
    }

    private static String quoted(String identifier) {
        if (!identifier.matches("[a-z0-9_]+")) {
            throw new IllegalArgumentException("unsafe database name: " + identifier);
        }
        return '"' + identifier + '"';
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
