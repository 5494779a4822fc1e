package io.eventstream.querymodel.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.eventstream.querymodel.OrdersDatabase;
import io.eventstream.querymodel.projection.OrderChange;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Random;
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

    private static OrdersDatabase database;
    private static HikariDataSource data;

    @BeforeAll
    static void createDatabase() {
        database = OrdersDatabase.migrated("qmgen", 2);
        data = database.data();
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
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
            List<OrderChange> stream = OrderStreams.stream(random, 200);
            JdbcReadModel live = new JdbcReadModel(transactions);
            stream.forEach(live::apply);
            GenerationWriter writer = new GenerationWriter(transactions, tables);
            for (int from = 0; from < stream.size(); ) {
                int to = Math.min(stream.size(), from + 1 + random.nextInt(seed % 2 == 0 ? 8 : 300));
                writer.applyAll(stream.subList(from, to));
                from = to;
            }
            List<String> folded = OrderStreams.dump(data, tables);
            List<String> expected = OrderStreams.dump(data, ReadModelTables.LIVE);
            assertThat(folded).as("seed %d: rows only in the folded tables", seed).isSubsetOf(expected);
            assertThat(expected).as("seed %d: rows only in the live tables", seed).isSubsetOf(folded);
            assertThat(folded).hasSameSizeAs(expected).anyMatch(row -> row.startsWith("hour "))
                    .anyMatch(row -> row.contains("Approved"));
            assertThat(new ReadModelComparison(data).differences(tables, "the generation", 10)).isEmpty();
            generations.drop(tables);
        }
    }

    private void truncateLive() throws SQLException {
        try (Connection c = data.getConnection(); Statement s = c.createStatement()) {
            s.execute("TRUNCATE orders, orderitems, order_status_history, restaurant_hourly");
        }
    }
}
