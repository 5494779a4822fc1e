package io.eventstream.bootstrapper;

import io.eventstream.common.testing.TestInfra;
import io.nats.client.Connection;
import java.io.IOException;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The real PostgreSQL and NATS the tests run against (common's TestInfra), plus the queries
 * these tests need, with unique names so a test never touches the local suite's ORDERS,
 * eventstoredb, ordersdb or shijuvar.
 */
final class TestServers {

    static final String PG_HOST = TestInfra.PG_HOST;
    static final String PG_PORT = TestInfra.PG_PORT;
    static final String PG_ADMIN = TestInfra.PG_ADMIN;
    static final String NATS_URL = TestInfra.NATS_URL;

    private TestServers() {
    }

    static String uniqueName(String prefix) {
        return TestInfra.uniqueName(prefix);
    }

    static String jdbcUrl(String database) {
        return TestInfra.jdbcUrl(database);
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
        return TestInfra.natsConnection();
    }
}
