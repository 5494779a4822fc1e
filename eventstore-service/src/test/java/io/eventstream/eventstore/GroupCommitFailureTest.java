package io.eventstream.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventstream.eventstore.append.AppendOutcome;
import io.eventstream.eventstore.append.NewEvent;
import io.eventstream.eventstore.db.SqlErrors;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Group commit when the database fails under a batch: unreachable, it fails every caller not yet
 * answered and only them; a serialization failure runs the statement again; a statement one event
 * breaks is appended event by event, so only that event fails. The failures are injected through
 * a data source whose connections throw on demand (below). Split from the one group-commit test
 * class so that what a failure fails is read apart from the outcomes of a batch that reaches the
 * database ({@link GroupCommitOutcomeTest}).
 */
class GroupCommitFailureTest extends GroupCommitFixture {

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

    // --- helpers

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
                return Proxy.newProxyInstance(GroupCommitFailureTest.class.getClassLoader(),
                        new Class<?>[] {Connection.class},
                        (p, m, a) -> {
                            interceptor.before(connection, m, a);
                            return invoke(connection, m, a);
                        });
            }
            return result;
        };
        return (DataSource) Proxy.newProxyInstance(GroupCommitFailureTest.class.getClassLoader(),
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
