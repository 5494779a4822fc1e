package io.eventstream.eventstore.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventstream.eventstore.db.PlanSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * On real PostgreSQL, with a backlog of 300,000 positioned events (a drain of 1,000,000 has more), analysed: the publisher's read
 * ({@link OutboxStore#PENDING}) planned once for all values, as every service's connection plans
 * (common's GenericPlans), walks the position index and fetches each event by key; with its batch
 * size bound instead of written in, the plan is made for a third of the backlog, as a parallel
 * query that starts worker processes at every round.
 */
class PendingReadPlanTest {

    private static PlanSession session;
    private static JdbcTemplate jdbc;

    @BeforeAll
    static void aBacklogOfThreeHundredThousandPositionedEvents() {
        session = PlanSession.migrated("es_plan");
        jdbc = session.jdbc();
        jdbc.execute("INSERT INTO events (id, eventtype, aggregateid, aggregatetype, stream, version)"
                + " SELECT 'e' || i, 'ORDERS.created', 'a' || i, 'order', 'ORDERS', 1 FROM generate_series(1, 300000) i");
        jdbc.execute("INSERT INTO outbox (event_id, position) SELECT 'e' || i, i FROM generate_series(1, 300000) i");
        jdbc.execute("ANALYZE events");
        jdbc.execute("ANALYZE outbox");
    }

    @AfterAll
    static void dropDatabase() {
        session.close();
    }

    @Test
    void theReadPlannedOnceWalksThePositionIndexWhateverTheBacklog() {
        String plan = session.genericPlan(OutboxStore.PENDING.formatted(500));

        assertThat(plan).contains("Index Scan using outbox_position").contains("Nested Loop").doesNotContain("Gather");
    }

    @Test
    void withItsBatchSizeBoundTheSamePlanIsAParallelQueryOverAThirdOfTheBacklog() {
        String plan = session.genericPlan(OutboxStore.PENDING.formatted("?"));

        assertThat(plan).as("worker processes started at every round").contains("Gather");
    }
}
