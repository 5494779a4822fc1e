package io.eventstream.eventstore.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventstream.common.plans.GenericPlans;
import io.eventstream.eventstore.db.PlanSession;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * On real PostgreSQL, the relay's lookup of the still-unpositioned lower versions
 * ({@link UnpositionedRows#UNVERSIONED_AND_LOWER}) planned the way a store's connection plans it:
 * once, at its first use, here at a moment when a vacuum had found the outbox empty and given its
 * pages back (at every vacuum of a busy outbox, it is nearly so), then used while 20,000 events wait.
 * With the server's defaults that plan scans the whole outbox once for each aggregate of a round;
 * in the store's sessions (no sequential scans, common's GenericPlans) it probes V9's partial index.
 */
class LowerVersionsPlanTest {

    @Test
    void inTheStoresSessionsTheLookupProbesThePartialIndexThoughPlannedOnAnEmptyOutbox() {
        String plan = planAfterTheOutboxFilled(GenericPlans.ON_POSTGRESQL_BY_KEY_ONLY);

        assertThat(plan).contains("outbox_unpositioned_versions").doesNotContain("Seq Scan on outbox");
    }

    @Test
    void withSequentialScansTheSamePlanScansTheOutboxForEachAggregate() {
        String plan = planAfterTheOutboxFilled(GenericPlans.ON_POSTGRESQL);

        assertThat(plan).contains("Seq Scan on outbox l");
    }

    private static String planAfterTheOutboxFilled(String firstStatement) {
        try (PlanSession session = PlanSession.migrated("es_lower")) {
            JdbcTemplate jdbc = session.jdbc();
            jdbc.execute(firstStatement);
            jdbc.execute("INSERT INTO events (id, eventtype, aggregateid, aggregatetype, stream, version)"
                    + " SELECT 'e' || i, 'ORDERS.created', 'a' || (i / 4), 'order', 'ORDERS', i % 4 + 1"
                    + " FROM generate_series(1, 21000) i");
            jdbc.execute("INSERT INTO outbox (event_id, aggregateid, version)"
                    + " SELECT id, aggregateid, version FROM events WHERE id IN (SELECT 'e' || i FROM generate_series(1, 1000) i)");
            jdbc.execute("DELETE FROM outbox");
            jdbc.execute("VACUUM ANALYZE outbox");
            String lookup = UnpositionedRows.UNVERSIONED_AND_LOWER.replaceFirst("\\?", "\\$1").replaceFirst("\\?", "\\$2");
            jdbc.execute("PREPARE lower_versions (text[], bigint[]) AS " + lookup);
            jdbc.execute("EXECUTE lower_versions ('{a1}', '{2}')"); // its one plan, made now
            jdbc.execute("INSERT INTO outbox (event_id, aggregateid, version)"
                    + " SELECT id, aggregateid, version FROM events WHERE id NOT IN (SELECT 'e' || i FROM generate_series(1, 1000) i)");
            List<String> plan = jdbc.queryForList("EXPLAIN EXECUTE lower_versions ('{a300,a301}', '{3,3}')", String.class);
            return String.join("\n", plan);
        }
    }
}
