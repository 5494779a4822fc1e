package io.eventstream.e2e;

import io.eventstream.common.testing.TestInfra;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;

/**
 * The PostgreSQL server and the NATS server a {@link Suite} runs against: the shared local
 * ones ({@link #shared()}, what every e2e test uses) or servers of a test's own, such as the
 * fault suite's, which it restarts without disturbing anyone else.
 *
 * @param natsUrl the NATS server
 * @param pgHost  the PostgreSQL host
 * @param pgPort  the PostgreSQL port
 * @param pgAdmin a superuser that logs in without a password (trust)
 */
record Infra(String natsUrl, String pgHost, int pgPort, String pgAdmin) {

    /** The machine's shared servers (TEST_PG_* and TEST_NATS_URL, else 127.0.0.1:5432 and :4222). */
    static Infra shared() {
        return new Infra(TestInfra.NATS_URL, TestInfra.PG_HOST, Integer.parseInt(TestInfra.PG_PORT), TestInfra.PG_ADMIN);
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://" + pgHost + ":" + pgPort + "/" + database;
    }

    java.sql.Connection admin(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), pgAdmin, "");
    }

    Connection natsConnection() throws IOException, InterruptedException {
        return Nats.connect(new Options.Builder().server(natsUrl).connectionTimeout(Duration.ofSeconds(5)).build());
    }

    void dropDatabase(String name) {
        try (var c = admin("postgres"); var s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("drop " + name + ": " + e.getMessage(), e);
        }
    }
}
