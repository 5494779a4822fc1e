package io.eventstream.eventstore.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventstream.common.testing.TestInfra;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * On real PostgreSQL: an outbox analysed while empty, then a backlog of 30,000, plans the relay's
 * pick as a sort of every waiting row; after the relay's analyse, as n rows of the partial index in
 * order. And the relay analyses at most once per interval.
 */
class OutboxStatisticsTest {

    private static final String PICK = "EXPLAIN SELECT event_id FROM outbox WHERE position IS NULL ORDER BY enqueued_at LIMIT 500";

    private String database;
    private JdbcTemplate jdbc;

    @BeforeEach
    void outboxAnalysedEmptyThenABacklog() {
        database = TestInfra.createDatabase("es_stats");
        DriverManagerDataSource data = new DriverManagerDataSource(TestInfra.jdbcUrl(database), TestInfra.PG_ADMIN, "");
        Flyway.configure().dataSource(data).locations("classpath:db/eventstore").load().migrate();
        jdbc = new JdbcTemplate(data);
        jdbc.execute("VACUUM ANALYZE outbox");
        jdbc.execute("INSERT INTO events (id, eventtype, aggregateid, aggregatetype, stream, version)"
                + " SELECT 'e' || i, 'ORDERS.created', 'a' || i, 'order', 'ORDERS', 1 FROM generate_series(1, 30000) i");
        jdbc.execute("INSERT INTO outbox (event_id) SELECT 'e' || i FROM generate_series(1, 30000) i");
    }

    @AfterEach
    void dropDatabase() {
        TestInfra.dropDatabase(database);
    }

    @Test
    void aBacklogSeenOnAnOutboxAnalysedEmptyGetsThePickReadInIndexOrder() {
        assertThat(plan()).as("before: every waiting row read and sorted").contains("Sort");
        AtomicLong now = new AtomicLong();
        OutboxStatistics statistics = new OutboxStatistics(jdbc, Duration.ofSeconds(30), now::get);

        assertThat(statistics.backlogSeen()).isTrue();
        assertThat(plan()).as("after: 500 rows of the partial index, in order")
                .contains("Index Scan using outbox_unpositioned").doesNotContain("Sort");

        now.addAndGet(Duration.ofSeconds(10).toNanos());
        assertThat(statistics.backlogSeen()).as("again within the interval").isFalse();
        now.addAndGet(Duration.ofSeconds(25).toNanos());
        assertThat(statistics.backlogSeen()).as("after the interval").isTrue();
    }

    private String plan() {
        List<String> lines = jdbc.queryForList(PICK, String.class);
        return String.join("\n", lines);
    }
}
