package io.eventstream.eventstore.read;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventstream.common.testing.TestInfra;
import io.eventstream.eventstore.db.GenericPlan;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * On real PostgreSQL, with a log of 300,000 positioned events, analysed: a page of a catch-up read
 * ({@link EventReader#positionedPage}) planned once for all values, as every service's connection
 * plans (common's GenericPlans), walks the position indexes and fetches each event by key; with its
 * limit bound instead of written in, the plan is a parallel query over a third of the log.
 */
class EventPagePlanTest {

    private static String database;
    private static SingleConnectionDataSource session;
    private static JdbcTemplate jdbc;

    @BeforeAll
    static void aLogOfThreeHundredThousandPositionedEvents() {
        database = TestInfra.createDatabase("es_page");
        DriverManagerDataSource data = new DriverManagerDataSource(TestInfra.jdbcUrl(database), TestInfra.PG_ADMIN, "");
        Flyway.configure().dataSource(data).locations("classpath:db/eventstore").load().migrate();
        session = new SingleConnectionDataSource(TestInfra.jdbcUrl(database), TestInfra.PG_ADMIN, "", true);
        jdbc = new JdbcTemplate(session);
        jdbc.execute("INSERT INTO events (id, eventtype, aggregateid, aggregatetype, stream, version)"
                + " SELECT 'e' || i, 'ORDERS.created', 'a' || i, 'order', 'ORDERS', 1 FROM generate_series(1, 300000) i");
        jdbc.execute("INSERT INTO event_positions (position, seq) SELECT seq, seq FROM events");
        jdbc.execute("ANALYZE events");
        jdbc.execute("ANALYZE event_positions");
    }

    @AfterAll
    static void dropDatabase() {
        session.destroy();
        TestInfra.dropDatabase(database);
    }

    @Test
    void aPagePlannedOnceWalksThePositionIndexesWhateverTheLog() {
        String plan = GenericPlan.of(jdbc, page());

        assertThat(plan).contains("Index Scan using event_positions_pkey").doesNotContain("Gather");
    }

    @Test
    void withItsLimitBoundThePlanIsAParallelQueryOverAThirdOfTheLog() {
        String plan = GenericPlan.of(jdbc, page().replace(" LIMIT 1000", " LIMIT ?"));

        assertThat(plan).as("worker processes started for every page").contains("Gather");
    }

    private static String page() {
        List<Object> args = new ArrayList<>();
        String sql = EventReader.positionedPage(new EventQuery("", "", 1000, 1000, List.of()), args);
        assertThat(args).containsExactly(1000L, 1000L);
        return sql;
    }
}
