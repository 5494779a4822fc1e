package io.eventstream.querymodel.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.eventstream.common.testing.TestInfra;
import io.eventstream.querymodel.projection.OrderChange;
import io.eventstream.querymodel.projection.OrderDetails;
import io.eventstream.querymodel.projection.OrderLine;
import io.eventstream.querymodel.projection.OrderStatus;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A rebuild's page fold ({@link GenerationWriter} into a generation's tables) against the live
 * worker's SQL applying the same changes one by one into the live tables, on real PostgreSQL:
 * random streams (orders whose events straddle pages, out of order, repeated, terminal then late,
 * created twice with other data, an order's hour boundary), cut into pages of random sizes; every
 * row must be the same, the hourly flags included.
 */
class GenerationWriterTest {

    private static final OffsetDateTime T0 = OffsetDateTime.of(2024, 5, 1, 9, 59, 58, 999_999_000, ZoneOffset.ofHours(2));

    private static String database;
    private static HikariDataSource data;

    @BeforeAll
    static void createDatabase() {
        database = TestInfra.createDatabase("qmgen");
        data = new HikariDataSource();
        data.setJdbcUrl(TestInfra.jdbcUrl(database));
        data.setUsername(TestInfra.PG_ADMIN);
        data.setMaximumPoolSize(2);
        Flyway.configure().dataSource(data).locations("classpath:db/orders").load().migrate();
    }

    @AfterAll
    static void dropDatabase() {
        data.close();
        TestInfra.dropDatabase(database);
    }

    @Test
    void pagesFoldedInMemoryEndLikeTheLiveStatementsOneByOne() throws Exception {
        ReadModelGenerations generations = new ReadModelGenerations(data);
        Transactions transactions = new Transactions(data);
        for (int seed = 1; seed <= 6; seed++) {
            truncateLive();
            ReadModelTables tables = ReadModelTables.generation(100 + seed);
            generations.create(tables);
            Random random = new Random(seed);
            List<OrderChange> stream = stream(random, 200);
            JdbcReadModel live = new JdbcReadModel(transactions);
            stream.forEach(live::apply);
            GenerationWriter writer = new GenerationWriter(transactions, tables);
            for (int from = 0; from < stream.size(); ) {
                int to = Math.min(stream.size(), from + 1 + random.nextInt(seed % 2 == 0 ? 8 : 300));
                writer.applyAll(stream.subList(from, to));
                from = to;
            }
            List<String> folded = dump(tables);
            List<String> expected = dump(ReadModelTables.LIVE);
            assertThat(folded).as("seed %d: rows only in the folded tables", seed).isSubsetOf(expected);
            assertThat(expected).as("seed %d: rows only in the live tables", seed).isSubsetOf(folded);
            assertThat(folded).hasSameSizeAs(expected).anyMatch(row -> row.startsWith("hour "))
                    .anyMatch(row -> row.contains("Approved"));
            assertThat(new ReadModelComparison(data).differences(tables, "the generation", 10)).isEmpty();
            generations.drop(tables);
        }
    }

    private static List<OrderChange> stream(Random random, int orders) {
        List<List<OrderChange>> lives = new ArrayList<>();
        for (int o = 0; o < orders; o++) {
            lives.add(lifecycle("o" + o, random));
        }
        // interleaved as a log interleaves orders; some events repeated, some (a tenth) out of order
        List<OrderChange> stream = new ArrayList<>();
        while (!lives.isEmpty()) {
            List<OrderChange> life = lives.get(random.nextInt(Math.min(lives.size(), 20)));
            OrderChange next = life.remove(random.nextInt(10) == 0 && life.size() > 1 ? 1 : 0);
            stream.add(next);
            if (random.nextInt(12) == 0) {
                stream.add(next);
            }
            if (life.isEmpty()) {
                lives.remove(life);
            }
        }
        return stream;
    }

    private static List<OrderChange> lifecycle(String id, Random random) {
        OrderChange created = created(id, 1, random.nextInt(4), random);
        List<OrderChange> life = new ArrayList<>(switch (random.nextInt(6)) {
            case 0 -> List.of(created, status(id, 2, OrderStatus.PAYMENT_DEBITED, null), status(id, 3, OrderStatus.APPROVED, null));
            case 1 -> List.of(created, status(id, 2, OrderStatus.PAYMENT_FAILED, "no money"),
                    status(id, 3, OrderStatus.REJECTED, "no money"));
            case 2 -> List.of(created, status(id, 2, OrderStatus.CANCEL_REQUESTED, "changed my mind"),
                    status(id, 3, OrderStatus.CANCELLED, "changed my mind"), status(id, 4, OrderStatus.PAYMENT_DEBITED, null),
                    status(id, 5, OrderStatus.REFUND_REQUESTED, "late"), status(id, 6, OrderStatus.REFUNDED, null));
            case 3 -> List.of(status(id, 3, OrderStatus.APPROVED, null), created, status(id, 2, OrderStatus.PAYMENT_DEBITED, null));
            // The same created event twice (a log migrated from the original may repeat one). Two created
            // events with different data do not occur (one version 1 per order); the live worker would
            // count such an order in the hour of whichever it applied first, so transaction boundaries would matter.
            case 4 -> List.of(created, created, status(id, 2, OrderStatus.PAYMENT_DEBITED, null));
            default -> List.of(created);
        });
        return life;
    }

    private static OrderChange created(String id, long version, int items, Random random) {
        List<OrderLine> lines = new ArrayList<>();
        for (int i = 1; i <= items; i++) {
            lines.add(new OrderLine("p" + i, "Pizza " + i, new BigDecimal(i + ".5"), i));
        }
        OffsetDateTime on = T0.plusSeconds(random.nextInt(4)).plusHours(random.nextInt(3));
        BigDecimal amount = new BigDecimal(random.nextInt(5000)).movePointLeft(2 + random.nextInt(2));
        return new OrderChange(id, version, id + "/" + version + "/" + random.nextInt(2), "ORDERS.created",
                OrderStatus.PENDING, null, T0.plusSeconds(version),
                new OrderDetails("c-" + id, "r" + random.nextInt(3), amount, on, lines));
    }

    private static OrderChange status(String id, long version, OrderStatus status, String reason) {
        return new OrderChange(id, version, id + "/" + version, "ORDERS." + status.eventName(), status, reason,
                T0.plusSeconds(version), null);
    }

    private void truncateLive() throws SQLException {
        try (Connection c = data.getConnection(); Statement s = c.createStatement()) {
            s.execute("TRUNCATE orders, orderitems, order_status_history, restaurant_hourly");
        }
    }

    private static List<String> dump(ReadModelTables tables) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = data.getConnection(); Statement s = c.createStatement()) {
            collect(s, "SELECT 'order', id, customerid, status, createdon, restaurantid, amount, last_version, reason,"
                    + " hourly_placed, hourly_approved FROM " + tables.orders() + " ORDER BY id", rows);
            collect(s, "SELECT 'item', * FROM " + tables.items() + " ORDER BY id", rows);
            collect(s, "SELECT 'history', * FROM " + tables.history() + " ORDER BY orderid, version", rows);
            collect(s, "SELECT 'hour', * FROM " + tables.hourly() + " ORDER BY restaurantid, hour", rows);
        }
        return rows;
    }

    private static void collect(Statement s, String sql, List<String> rows) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(i == 1 ? "" : " ").append(rs.getString(i));
                }
                rows.add(row.toString());
            }
        }
    }
}
