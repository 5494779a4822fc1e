package io.eventstream.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.eventstream.common.plans.GenericPlans;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The store as shipped plans its prepared statements once per connection on PostgreSQL, with no
 * sequential scan where an index serves and no parallel query (common's {@link GenericPlans}), and
 * appends and publishes as before with it.
 */
class PreparedPlansTest extends EventStoreTestBase {

    @Test
    void theStoresConnectionsPlanTheirStatementsOnceAndAppendsStillReachTheStream() throws Exception {
        EventStoreInstance store = startInstance();

        for (int i = 0; i < 10; i++) {
            assertThat(store.stub().createEvent(request(event("order-" + UUID.randomUUID(), "{}"))).getIsSuccess()).isTrue();
        }
        awaitOutboxEmpty();

        assertThat(store.bean(HikariDataSource.class).getConnectionInitSql())
                .isEqualTo(GenericPlans.ON_POSTGRESQL_BY_KEY_ONLY);
        assertThat(store.bean(JdbcTemplate.class).queryForObject("SHOW plan_cache_mode", String.class))
                .isEqualTo("force_generic_plan");
        assertThat(store.bean(JdbcTemplate.class).queryForObject("SHOW enable_seqscan", String.class))
                .as("the outbox is a queue: no plan may scan it (GenericPlans)").isEqualTo("off");
        assertThat(store.bean(JdbcTemplate.class).queryForObject("SHOW max_parallel_workers_per_gather", String.class))
                .isEqualTo("0");
        assertThat(query("SELECT count(*) FROM events WHERE position IS NOT NULL")
                + query("SELECT count(*) FROM event_positions")).isEqualTo(10);
    }
}
