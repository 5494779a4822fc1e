package io.eventstream.querymodel.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.eventstream.querymodel.OrdersDatabase;
import io.eventstream.querymodel.projection.OrderChange;
import io.eventstream.querymodel.projection.OrderStatus;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The switch CockroachDB gets ({@link SwitchMethod#COPY}, {@link CopySwitch}) on real PostgreSQL:
 * the live tables end equal to the generation's, the rows that were equal untouched; and the gate
 * that keeps the live worker's writes out while a switch runs.
 */
class CopySwitchTest {

    private static OrdersDatabase database;
    private static HikariDataSource data;

    @BeforeAll
    static void createDatabase() {
        database = OrdersDatabase.migrated("qmcopy", 4);
        data = database.data();
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    @Test
    void aCopySwitchLeavesTheLiveTablesEqualToTheGenerationAndEqualRowsUntouched() throws Exception {
        Transactions transactions = new Transactions(data);
        ReadModelGenerations generations = new ReadModelGenerations(data);
        ReadModelTables next = ReadModelTables.generation(generations.current().generation() + 1);
        generations.create(next);
        Random random = new Random(11);
        List<OrderChange> both = OrderStreams.stream(random, 150, "b");
        List<OrderChange> live = new ArrayList<>(both);
        live.addAll(OrderStreams.stream(random, 10, "l")); // orders the log does not have
        List<OrderChange> folded = new ArrayList<>(both);
        folded.addAll(OrderStreams.stream(random, 10, "g")); // orders the live tables lack
        live.forEach(new JdbcReadModel(transactions)::apply);
        new GenerationWriter(transactions, next).applyAll(folded);
        try (Connection c = data.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE orders SET amount = 999 WHERE id IN ('b1', 'b2')");
            s.executeUpdate("UPDATE orders SET status = 'Pending', hourly_approved = false WHERE id = 'b3'");
            s.executeUpdate("DELETE FROM order_status_history WHERE orderid = 'b4'");
            s.executeUpdate("DELETE FROM orderitems WHERE orderid IN (SELECT orderid FROM orderitems LIMIT 1)");
            s.executeUpdate("UPDATE restaurant_hourly SET placed = placed + 5 WHERE restaurantid = 'r1'");
        }
        assertThat(OrderStreams.dump(data, ReadModelTables.LIVE)).isNotEqualTo(OrderStreams.dump(data, next));
        OffsetDateTime untouchedBefore = updatedAt("b9");

        generations.switchTo(generationOf(next), 4242, SwitchMethod.COPY);

        assertThat(OrderStreams.dump(data, ReadModelTables.LIVE)).isEqualTo(OrderStreams.dump(data, next))
                .anyMatch(row -> row.startsWith("order g1 ")).noneMatch(row -> row.startsWith("order l1 "));
        assertThat(updatedAt("b9")).as("a row that was the same is not rewritten").isEqualTo(untouchedBefore);
        assertThat(generations.current()).isEqualTo(new ReadModelGenerations.Current(generationOf(next), 4242));
        assertThat(generations.switchedAndStopped()).as("the generation's tables are still there").isTrue();
        generations.drop(next);
        assertThat(generations.switchedAndStopped()).isFalse();
    }

    @Test
    void aGatedWriteWaitsWhileASwitchHoldsTheGenerationRowAndAnUngatedOneDoesNot() throws Exception {
        JdbcReadModel ungated = new JdbcReadModel(new Transactions(data));
        JdbcReadModel gated = new JdbcReadModel(new Transactions(data, SwitchMethod.COPY));
        try (Connection switching = data.getConnection(); Statement s = switching.createStatement()) {
            switching.setAutoCommit(false);
            s.executeUpdate("UPDATE read_model_generation SET switched_at = now() WHERE id = 1"); // as a switch starts
            CompletableFuture.runAsync(() -> ungated.apply(approved("u1"))).get(10, TimeUnit.SECONDS);
            CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> gated.apply(approved("w1")));
            Thread.sleep(700);
            assertThat(waiting).as("the gated write waits for the switch").isNotDone();
            assertThat(status("w1")).isNull();
            switching.commit();
            waiting.get(10, TimeUnit.SECONDS);
        }
        assertThat(status("w1")).isEqualTo("Approved");
        assertThat(status("u1")).isEqualTo("Approved");
    }

    private static long generationOf(ReadModelTables tables) {
        return Long.parseLong(tables.orders().substring(tables.orders().lastIndexOf("_g") + 2));
    }

    private static OrderChange approved(String id) {
        return new OrderChange(id, 3, id + "/3", "ORDERS.approved", OrderStatus.APPROVED, null, OffsetDateTime.now(), null);
    }

    private static String status(String id) throws SQLException {
        try (Connection c = data.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT status FROM orders WHERE id = '" + id + "'")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static OffsetDateTime updatedAt(String id) throws SQLException {
        try (Connection c = data.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT updated_at FROM orders WHERE id = '" + id + "'")) {
            assertThat(rs.next()).as("order " + id).isTrue();
            return rs.getObject(1, OffsetDateTime.class);
        }
    }
}
