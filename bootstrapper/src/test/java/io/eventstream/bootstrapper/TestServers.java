package io.eventstream.bootstrapper;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The real PostgreSQL and NATS the tests run against (same variables and defaults as
 * common's TestInfra), and unique names so a test never touches the local suite's
 * ORDERS, eventstoredb, ordersdb or shijuvar.
 */
final class TestServers {

    static final String PG_HOST = env("TEST_PG_HOST", "127.0.0.1");
    static final String PG_PORT = env("TEST_PG_PORT", "5432");
    static final String PG_ADMIN = env("TEST_PG_ADMIN", "postgres");
    static final String NATS_URL = env("TEST_NATS_URL", "nats://127.0.0.1:4222");

    private TestServers() {
    }

    static String uniqueName(String prefix) {
        return (prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10)).toLowerCase(Locale.ROOT);
    }

    static String jdbcUrl(String database) {
        return "jdbc:postgresql://" + PG_HOST + ":" + PG_PORT + "/" + database;
    }

    static java.sql.Connection connect(String database, String user) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), user, "");
    }

    static void adminExec(String sql) {
        try (var c = connect("postgres", PG_ADMIN); var s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** Single-column rows of a query, as strings. */
    static List<String> query(String database, String user, String sql, Object... params) throws SQLException {
        try (var c = connect(database, user); var ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            List<String> rows = new ArrayList<>();
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(rs.getString(1));
                }
            }
            return rows;
        }
    }

    static Connection natsConnection() throws IOException, InterruptedException {
        return Nats.connect(new Options.Builder().server(NATS_URL).connectionTimeout(Duration.ofSeconds(5)).build());
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
