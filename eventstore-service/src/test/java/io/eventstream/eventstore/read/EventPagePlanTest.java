package io.eventstream.eventstore.read;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventstream.common.plans.GenericPlans;
import io.eventstream.eventstore.db.PlanSession;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * On real PostgreSQL, with a log of 300,000 positioned events, analysed: a page of a catch-up read
 * ({@link EventReader#positionedPage}) planned once for all values, as every service's connection
 * plans (common's GenericPlans), walks the position indexes and fetches each event by key; with its
 * limit bound instead of written in, the plan is a parallel query over a third of the log.
 */
class EventPagePlanTest {

    private static PlanSession session;
    private static JdbcTemplate jdbc;

    @BeforeAll
    static void aLogOfThreeHundredThousandPositionedEvents() {
        session = PlanSession.migrated("es_page");
        jdbc = session.jdbc();
        jdbc.execute("INSERT INTO events (id, eventtype, aggregateid, aggregatetype, stream, version)"
                + " SELECT 'e' || i, 'ORDERS.created', 'a' || i, 'order', 'ORDERS', 1 FROM generate_series(1, 300000) i");
        jdbc.execute("INSERT INTO event_positions (position, seq) SELECT seq, seq FROM events");
        jdbc.execute("ANALYZE events");
        jdbc.execute("ANALYZE event_positions");
    }

    @AfterAll
    static void dropDatabase() {
        session.close();
    }

    @Test
    void aPagePlannedOnceWalksThePositionIndexesWhateverTheLog() {
        String plan = session.genericPlan(page());

        assertThat(plan).contains("Index Scan using event_positions_pkey").doesNotContain("Gather");
    }

    @Test
    void withItsLimitBoundThePlanIsAParallelQueryOverAThirdOfTheLog() {
        String plan = session.genericPlan(page().replace(" LIMIT 1000", " LIMIT ?"));

        assertThat(plan).as("worker processes started for every page").contains("Gather");
    }

    /**
     * A page of 5,000 (a catch-up's) was a parallel query on the suite's log of 336,003 events,
     * whose worker took longer to start than the page took to read (BENCHMARKS.md, session 20). On
     * this smaller, tidier log the planner finds parallelism dear, so the test makes it cheap (as it
     * was judged there); in the store's sessions (common's GenericPlans, by key only) no worker is
     * planned whatever it costs.
     */
    @Test
    void aPageOfFiveThousandStartsNoWorkerInTheStoresSessions() {
        String page = page(5000);
        jdbc.execute("SET parallel_setup_cost = 0");
        jdbc.execute("SET parallel_tuple_cost = 0");
        try {
            assertThat(session.genericPlan(page)).as("the server's settings").contains("Gather");

            jdbc.execute(GenericPlans.ON_POSTGRESQL_BY_KEY_ONLY);
            assertThat(session.genericPlan(page)).contains("Index Scan using event_positions_pkey").doesNotContain("Gather");
        } finally {
            jdbc.execute("RESET ALL");
        }
    }

    private static String page() {
        return page(1000);
    }

    private static String page(int limit) {
        List<Object> args = new ArrayList<>();
        String sql = EventReader.positionedPage(new EventQuery("", "", 1000, limit, List.of()), args);
        assertThat(args).containsExactly(1000L, 1000L);
        return sql;
    }
}
