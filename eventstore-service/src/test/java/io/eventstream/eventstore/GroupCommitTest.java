package io.eventstream.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventstream.common.testing.TestInfra;
import io.eventstream.eventstore.append.AppendOutcome;
import io.eventstream.eventstore.append.EventAppender;
import io.eventstream.eventstore.append.EventIdConflictException;
import io.eventstream.eventstore.append.EventValidator;
import io.eventstream.eventstore.append.NewEvent;
import io.eventstream.eventstore.append.VersionConflictException;
import io.eventstream.eventstore.db.SqlErrors;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Group commit (append.EventAppender): the events queued before the writer starts all go into
 * its first batch, so each test knows exactly what one batch carried. Every event keeps
 * its own outcome, as if appended alone; only a database failure fails the whole batch.
 */
class GroupCommitTest extends EventStoreTestBase {

    private EventStoreInstance store;
    private JdbcTemplate jdbc;
    private SimpleMeterRegistry meters;
    private EventAppender appender;

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

    @Test
    void aMixedBatchGivesEachEventItsOwnOutcomeAndCommitsTheGoodOnes() throws Exception {
        NewEvent stored = newEvent("agg-a", "{\"n\":0}");
        AppendOutcome before = appendAlone(stored);
        NewEvent fresh = newEvent("agg-b", "{\"n\":1}");
        NewEvent sameAgain = stored;
        NewEvent sameIdOtherContent = new NewEvent(stored.eventId(), created(), "agg-a", "order", "{\"n\":99}", stream,
                Map.of());
        NewEvent staleExpectation = newEvent("agg-a", "{\"n\":2}");
        NewEvent expectingNew = newEvent("agg-c", "{\"n\":3}");

        appender = appender(dataSource(), 1);
        var a = appender.append(fresh, OptionalLong.empty());
        var b = appender.append(sameAgain, OptionalLong.empty());
        var c = appender.append(sameIdOtherContent, OptionalLong.empty());
        var d = appender.append(staleExpectation, OptionalLong.of(5));
        var e = appender.append(expectingNew, OptionalLong.of(0));
        appender.start();

        assertThat(a.get(10, TimeUnit.SECONDS)).isEqualTo(new AppendOutcome(1, false));
        assertThat(b.get(10, TimeUnit.SECONDS)).isEqualTo(new AppendOutcome(before.version(), true));
        assertThat(failure(c)).isInstanceOf(EventIdConflictException.class);
        assertThat(failure(d)).isInstanceOfSatisfying(VersionConflictException.class,
                conflict -> assertThat(conflict.currentVersion()).isEqualTo(1));
        assertThat(e.get(10, TimeUnit.SECONDS)).isEqualTo(new AppendOutcome(1, false));
        assertOneBatchOf(5);

        assertThat(versions("agg-a")).containsExactly(1L);
        assertThat(payload(stored.eventId())).isEqualTo("{\"n\":0}");
        StreamReader.awaitCount(nats, stream, 3, 10_000);
        Thread.sleep(300);
        assertThat(StreamReader.count(nats, stream)).isEqualTo(3);
    }

    @Test
    void eventsOfOneAggregateInOneBatchGetConsecutiveVersionsInArrivalOrder() throws Exception {
        appendAlone(newEvent("agg-x", "{\"i\":0}"));
        List<NewEvent> events = List.of(newEvent("agg-x", "{\"i\":1}"), newEvent("agg-y", "{\"i\":1}"),
                newEvent("agg-x", "{\"i\":2}"), newEvent("agg-x", "{\"i\":3}"), newEvent("agg-x", "{\"i\":4}"));
        List<OptionalLong> expected = List.of(OptionalLong.empty(), OptionalLong.of(0), OptionalLong.of(2),
                OptionalLong.of(2), OptionalLong.empty());

        appender = appender(dataSource(), 1);
        List<CompletableFuture<AppendOutcome>> results = new java.util.ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            results.add(appender.append(events.get(i), expected.get(i)));
        }
        appender.start();

        assertThat(results.get(0).get(10, TimeUnit.SECONDS).version()).isEqualTo(2);
        assertThat(results.get(1).get(10, TimeUnit.SECONDS).version()).isEqualTo(1);
        assertThat(results.get(2).get(10, TimeUnit.SECONDS).version()).isEqualTo(3);
        // Expected 2 as well, but the event before it in the batch made the aggregate 3.
        assertThat(failure(results.get(3))).isInstanceOfSatisfying(VersionConflictException.class,
                conflict -> assertThat(conflict.currentVersion()).isEqualTo(3));
        assertThat(results.get(4).get(10, TimeUnit.SECONDS).version()).isEqualTo(4);
        assertOneBatchOf(5);
        assertThat(jdbc.queryForList("SELECT payload FROM events WHERE aggregateid = 'agg-x' ORDER BY version",
                String.class)).containsExactly("{\"i\":0}", "{\"i\":1}", "{\"i\":2}", "{\"i\":4}");
    }

    @Test
    void theSameEventTwiceInOneBatchIsStoredOnceAndAnsweredAsADuplicate() throws Exception {
        NewEvent event = newEvent("agg-d", "{}");
        appender = appender(dataSource(), 1);
        var first = appender.append(event, OptionalLong.empty());
        var again = appender.append(event, OptionalLong.empty());
        appender.start();

        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(new AppendOutcome(1, false));
        assertThat(again.get(10, TimeUnit.SECONDS)).isEqualTo(new AppendOutcome(1, true));
        assertThat(versions("agg-d")).containsExactly(1L);
    }

    @Test
    void aDatabaseThatCannotBeReachedFailsEveryCallerAsUnavailableAndStoresNothing() throws Exception {
        DataSource down = failing(dataSource(), "prepareStatement", any -> true, "08006");
        appender = appender(down, 1);
        List<CompletableFuture<AppendOutcome>> results = List.of(
                appender.append(newEvent("agg-e", "{}"), OptionalLong.empty()),
                appender.append(newEvent("agg-f", "{}"), OptionalLong.of(0)),
                appender.append(newEvent("agg-e", "{}"), OptionalLong.empty()));
        appender.start();

        for (CompletableFuture<AppendOutcome> result : results) {
            assertThat(SqlErrors.isUnavailable(failure(result))).as("answered UNAVAILABLE").isTrue();
        }
        assertOneBatchOf(3);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM events", Long.class)).isZero();
    }

    @Test
    void aDatabaseFailureMidBatchFailsTheCallersNotYetCommittedAndOnlyThem() throws Exception {
        // Two rounds (agg-j twice): the connection breaks at the second statement.
        AtomicInteger statements = new AtomicInteger();
        DataSource breaking = failing(dataSource(), "prepareStatement",
                sql -> sql.contains("INSERT") && statements.incrementAndGet() == 2, "08006");
        appender = appender(breaking, 1);
        var first = appender.append(newEvent("agg-j", "{}"), OptionalLong.empty());
        var other = appender.append(newEvent("agg-k", "{}"), OptionalLong.empty());
        var second = appender.append(newEvent("agg-j", "{}"), OptionalLong.empty());
        var third = appender.append(newEvent("agg-j", "{}"), OptionalLong.empty());
        appender.start();

        assertThat(first.get(10, TimeUnit.SECONDS).version()).isEqualTo(1);
        assertThat(other.get(10, TimeUnit.SECONDS).version()).isEqualTo(1);
        assertThat(SqlErrors.isUnavailable(failure(second))).isTrue();
        assertThat(SqlErrors.isUnavailable(failure(third))).isTrue();
        assertOneBatchOf(4);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM events", Long.class)).isEqualTo(2);
        // Each stored event had its outbox row: the running instance's relay publishes both.
        StreamReader.awaitCount(nats, stream, 2, 10_000);
    }

    @Test
    void aSerializationFailureRunsTheStatementAgain() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        DataSource once = failing(dataSource(), "prepareStatement",
                sql -> sql.contains("INSERT") && attempts.incrementAndGet() == 1, "40001");
        appender = appender(once, 1);
        var a = appender.append(newEvent("agg-i", "{}"), OptionalLong.empty());
        var b = appender.append(newEvent("agg-l", "{}"), OptionalLong.empty());
        appender.start();

        assertThat(a.get(10, TimeUnit.SECONDS)).isEqualTo(new AppendOutcome(1, false));
        assertThat(b.get(10, TimeUnit.SECONDS)).isEqualTo(new AppendOutcome(1, false));
        assertThat(attempts.get()).isEqualTo(2);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM events", Long.class)).isEqualTo(2);
    }

    @Test
    void aBatchThatBreaksAStatementIsAppendedEventByEventSoOnlyTheCulpritFails() throws Exception {
        NewEvent culprit = newEvent("agg-bad", "{}");
        // Stands for an event that passes validation but that the database refuses (SQLSTATE 22P02):
        // the statements that carry the culprit fail, the batch's and then the culprit's alone.
        DataSource refusing = failingWhenBound(dataSource(), culprit.eventId());
        appender = appender(refusing, 1);
        var good1 = appender.append(newEvent("agg-ok1", "{}"), OptionalLong.empty());
        var bad = appender.append(culprit, OptionalLong.empty());
        var good2 = appender.append(newEvent("agg-ok2", "{}"), OptionalLong.empty());
        appender.start();

        assertThat(good1.get(10, TimeUnit.SECONDS).version()).isEqualTo(1);
        assertThat(good2.get(10, TimeUnit.SECONDS).version()).isEqualTo(1);
        assertThat(SqlErrors.sqlState(failure(bad))).isEqualTo("22P02");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM events", Long.class)).isEqualTo(2);
    }

    @Test
    void concurrentCallsShareCommits() throws Exception {
        appender = appender(dataSource(), 2);
        appender.start();
        List<CompletableFuture<AppendOutcome>> results = new java.util.ArrayList<>();
        for (int i = 0; i < 400; i++) {
            results.add(appender.append(newEvent("agg-" + (i % 40), "{\"i\":" + i + "}"), OptionalLong.empty()));
        }
        for (CompletableFuture<AppendOutcome> r : results) {
            r.get(20, TimeUnit.SECONDS);
        }
        for (int a = 0; a < 40; a++) {
            assertThat(versions("agg-" + a)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
            // Arrival order within an aggregate is version order.
            List<String> payloads = jdbc.queryForList("SELECT payload FROM events WHERE aggregateid = ? ORDER BY version",
                    String.class, "agg-" + a);
            List<Integer> order = payloads.stream().map(p -> Integer.parseInt(p.replaceAll("\\D", ""))).toList();
            assertThat(order).isSorted();
        }
        DistributionSummary batches = meters.get("eventstore.append.batch").summary();
        assertThat(batches.totalAmount()).isEqualTo(400);
        assertThat(batches.count()).as("fewer transactions than events").isLessThan(400);
        StreamReader.awaitCount(nats, stream, 400, 20_000);
    }

    // --- helpers

    private EventAppender appender(DataSource dataSource, int writers) {
        return new EventAppender(new JdbcTemplate(dataSource), new EventValidator(1024 * 1024), writers, 100, 1000,
                () -> { }, meters);
    }

    private DataSource dataSource() {
        return new DriverManagerDataSource(TestInfra.jdbcUrl(database), TestInfra.PG_ADMIN, "");
    }

    private AppendOutcome appendAlone(NewEvent event) throws Exception {
        EventAppender alone = appender(dataSource(), 1);
        alone.start();
        try {
            return alone.append(event, OptionalLong.empty()).get(10, TimeUnit.SECONDS);
        } finally {
            alone.stop();
            meters.clear();
        }
    }

    private NewEvent newEvent(String aggregateId, String data) {
        return new NewEvent(UUID.randomUUID().toString(), created(), aggregateId, "order", data, stream, Map.of());
    }

    private void assertOneBatchOf(int events) {
        DistributionSummary batches = meters.get("eventstore.append.batch").summary();
        assertThat(batches.count()).isEqualTo(1);
        assertThat(batches.totalAmount()).isEqualTo(events);
    }

    private List<Long> versions(String aggregateId) {
        return jdbc.queryForList("SELECT version FROM events WHERE aggregateid = ? ORDER BY version", Long.class,
                aggregateId);
    }

    private String payload(String eventId) {
        return jdbc.queryForObject("SELECT payload FROM events WHERE id = ?", String.class, eventId);
    }

    private static Throwable failure(CompletableFuture<?> result) {
        try {
            result.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("expected a failure, got " + result.join());
    }

    /** A data source whose connections throw SQLSTATE {@code state} from {@code method} when {@code when} says so. */
    private static DataSource failing(DataSource real, String method, java.util.function.Predicate<String> when,
                                      String state) {
        return wrap(real, (connection, m, args) -> {
            String arg = args != null && args.length > 0 && args[0] instanceof String s ? s : "";
            if (m.getName().equals(method) && when.test(arg)) {
                throw new SQLException("injected failure", state);
            }
            return null;
        });
    }

    /** Statements fail with 22P02 when one of their array parameters holds {@code eventId}. */
    private static DataSource failingWhenBound(DataSource real, String eventId) {
        return wrap(real, (connection, m, args) -> {
            if (m.getName().equals("createArrayOf") && args[1] instanceof Object[] values
                    && java.util.Arrays.asList(values).contains(eventId)) {
                throw new SQLException("injected: invalid input", "22P02");
            }
            return null;
        });
    }

    private interface Interceptor {
        /** Throws to fail the call; returns null to let the real connection answer. */
        Object before(Connection connection, java.lang.reflect.Method method, Object[] args) throws Exception;
    }

    private static DataSource wrap(DataSource real, Interceptor interceptor) {
        InvocationHandler dataSource = (proxy, method, args) -> {
            Object result = invoke(real, method, args);
            if (result instanceof Connection connection) {
                return Proxy.newProxyInstance(GroupCommitTest.class.getClassLoader(), new Class<?>[] {Connection.class},
                        (p, m, a) -> {
                            interceptor.before(connection, m, a);
                            return invoke(connection, m, a);
                        });
            }
            return result;
        };
        return (DataSource) Proxy.newProxyInstance(GroupCommitTest.class.getClassLoader(),
                new Class<?>[] {DataSource.class}, dataSource);
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
