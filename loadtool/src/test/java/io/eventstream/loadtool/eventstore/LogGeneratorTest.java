package io.eventstream.loadtool.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventstream.common.testing.TestInfra;
import io.eventstream.loadtool.Options;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * generate-log on the real event store schema while a stand-in for the relay numbers events of its
 * own under the same row lock: the log stays gapless and unique, log_position is its end, and
 * nothing generated waits in the outbox (the relay would publish it).
 */
class LogGeneratorTest {

    private String db;

    @BeforeEach
    void schema() throws Exception {
        db = TestInfra.createDatabase("lg");
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String v : new String[] {"V1__events_and_outbox", "V2__outbox_position", "V3__outbox_position_backfill",
                    "V4__log_position_row"}) {
                s.execute(resource("db/eventstore/" + v + ".sql"));
            }
        }
    }

    @AfterEach
    void drop() {
        TestInfra.dropDatabase(db);
    }

    @Test
    void chunksInterleaveWithTheRelaysNumberingWithoutGapsOrCollisions() throws Exception {
        AtomicBoolean generating = new AtomicBoolean(true);
        AtomicInteger relayed = new AtomicInteger();
        CompletableFuture<Void> relay = CompletableFuture.runAsync(() -> {
            try (Connection c = connect()) {
                c.setAutoCommit(false);
                while (generating.get()) {
                    numberOne(c);
                    relayed.incrementAndGet();
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        Options options = Options.parse("--mode", "generate-log", "--events", "1500", "--stream", "LGTEST",
                "--pg", TestInfra.jdbcUrl(""), "--pg-user", TestInfra.PG_ADMIN, "--eventstore-db", db);

        int exit = new LogGenerator(options, 50).run(); // 500 orders: 10 chunks
        generating.set(false);
        relay.join();

        assertThat(exit).isZero();
        assertThat(relayed.get()).isPositive();
        try (Connection c = connect(); Statement s = c.createStatement()) {
            ResultSet rs = s.executeQuery("SELECT count(*), count(DISTINCT position), min(position), max(position),"
                    + " count(*) FILTER (WHERE stream = 'LGTEST'), (SELECT last_position FROM log_position WHERE id = 1),"
                    + " (SELECT count(*) FROM outbox) FROM events");
            rs.next();
            long events = rs.getLong(1);
            assertThat(events).isEqualTo(1500 + relayed.get());
            assertThat(rs.getLong(2)).isEqualTo(events);
            assertThat(rs.getLong(3)).isEqualTo(1);
            assertThat(rs.getLong(4)).isEqualTo(events);
            assertThat(rs.getLong(5)).isEqualTo(1500);
            assertThat(rs.getLong(6)).isEqualTo(events);
            assertThat(rs.getLong(7)).isZero();
            // Each generated order in version order: created, paymentdebited, approved at rising positions.
            ResultSet order = s.executeQuery("SELECT count(*) FROM events a JOIN events b ON b.aggregateid = a.aggregateid"
                    + " AND b.version = a.version + 1 WHERE a.stream = 'LGTEST' AND b.position <= a.position");
            order.next();
            assertThat(order.getLong(1)).isZero();
        }
    }

    /** What the relay's numbering does to the counter row: lock it, take the next position, move it. */
    private static void numberOne(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            ResultSet rs = s.executeQuery("SELECT last_position FROM log_position WHERE id = 1 FOR UPDATE");
            rs.next();
            long next = rs.getLong(1) + 1;
            s.executeUpdate("INSERT INTO events (id, eventtype, aggregateid, aggregatetype, stream, version, position)"
                    + " VALUES ('" + UUID.randomUUID() + "', 'OTHER.created', '" + UUID.randomUUID()
                    + "', 'order', 'OTHER', 1, " + next + ")");
            s.executeUpdate("UPDATE log_position SET last_position = " + next + " WHERE id = 1");
            c.commit();
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(TestInfra.jdbcUrl(db), TestInfra.PG_ADMIN, "");
    }

    private static String resource(String path) throws IOException {
        try (InputStream in = LogGeneratorTest.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is not on the classpath (the schema module)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
