package io.eventstream.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventstream.common.testing.TestInfra;
import io.eventstream.eventstore.append.AppendOutcome;
import io.eventstream.eventstore.append.EventAppender;
import io.eventstream.eventstore.append.EventValidator;
import io.eventstream.eventstore.append.NewEvent;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Group commit (append.EventAppender): the events queued before the writer starts all go into
 * its first batch, so each test knows exactly what one batch carried. Every event keeps
 * its own outcome, as if appended alone; only a database failure fails the whole batch.
 *
 * <p>Exists because those tests were one class of 339 lines: it holds what they all need (a
 * running instance on the test's database and stream, an appender of the test's own on that
 * database with its meters, and reading back what was stored and what a caller was answered),
 * so that each class keeps to what it checks: {@link GroupCommitOutcomeTest} (each event's own
 * outcome in one batch), {@link GroupCommitFailureTest} (what a database failure fails) and
 * {@link GroupCommitSharingTest} (concurrent calls share commits). Every test has its database,
 * stream and instance, as when they were one class.
 */
abstract class GroupCommitFixture extends EventStoreTestBase {

    private EventStoreInstance store;
    protected JdbcTemplate jdbc;
    protected SimpleMeterRegistry meters;
    protected EventAppender appender;

    @BeforeEach
    void startStore() {
        // The running instance made the schema and relays what the test's appender stores.
        store = startInstance();
        jdbc = new JdbcTemplate(new DriverManagerDataSource(TestInfra.jdbcUrl(database), TestInfra.PG_ADMIN, ""));
        meters = new SimpleMeterRegistry();
    }

    @AfterEach
    void stopAppender() {
        if (appender != null) {
            appender.stop();
        }
    }

    protected EventAppender appender(DataSource dataSource, int writers) {
        return new EventAppender(new JdbcTemplate(dataSource), new EventValidator(1024 * 1024), writers, 100, 1000,
                () -> { }, meters);
    }

    protected DataSource dataSource() {
        return new DriverManagerDataSource(TestInfra.jdbcUrl(database), TestInfra.PG_ADMIN, "");
    }

    protected AppendOutcome appendAlone(NewEvent event) throws Exception {
        EventAppender alone = appender(dataSource(), 1);
        alone.start();
        try {
            return alone.append(event, OptionalLong.empty()).get(10, TimeUnit.SECONDS);
        } finally {
            alone.stop();
            meters.clear();
        }
    }

    protected NewEvent newEvent(String aggregateId, String data) {
        return new NewEvent(UUID.randomUUID().toString(), created(), aggregateId, "order", data, stream, Map.of());
    }

    protected void assertOneBatchOf(int events) {
        DistributionSummary batches = meters.get("eventstore.append.batch").summary();
        assertThat(batches.count()).isEqualTo(1);
        assertThat(batches.totalAmount()).isEqualTo(events);
    }

    protected List<Long> versions(String aggregateId) {
        return jdbc.queryForList("SELECT version FROM events WHERE aggregateid = ? ORDER BY version", Long.class,
                aggregateId);
    }

    protected String payload(String eventId) {
        return jdbc.queryForObject("SELECT payload FROM events WHERE id = ?", String.class, eventId);
    }

    protected static Throwable failure(CompletableFuture<?> result) {
        try {
            result.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("expected a failure, got " + result.join());
    }
}
