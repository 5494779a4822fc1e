package io.eventstream.common.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventstream.common.testing.TestInfra;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.transaction.TransactionSystemException;

/** The one SQL conflict retry, against the real PostgreSQL: contended SERIALIZABLE transactions all commit. */
class SqlRetryTest {

    private static String database;

    @BeforeAll
    static void createDatabase() throws SQLException {
        database = TestInfra.createDatabase("sqlretry");
        try (Connection c = connect(); var s = c.createStatement()) {
            s.execute("CREATE TABLE counters (id INT PRIMARY KEY, n INT NOT NULL)");
            s.execute("INSERT INTO counters VALUES (1, 0)");
        }
    }

    @AfterAll
    static void dropDatabase() {
        TestInfra.dropDatabase(database);
    }

    /**
     * Two transactions read the counter, both then write it: under SERIALIZABLE PostgreSQL lets
     * one commit and fails the other with 40001 (the barrier makes the collision certain on the
     * first attempt). Under the retry every increment commits, exactly once.
     */
    @Test
    void contendedSerializableTransactionsAllCommit() throws Exception {
        int threads = 4;
        int incrementsEach = 5;
        CyclicBarrier firstReads = new CyclicBarrier(threads);
        AtomicInteger conflicts = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < incrementsEach; i++) {
                        boolean first = i == 0;
                        SqlRetry.call(attempt -> {
                            if (attempt > 1) {
                                conflicts.incrementAndGet();
                            }
                            increment(first && attempt == 1 ? firstReads : null);
                            return null;
                        });
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(counter()).isEqualTo(threads * incrementsEach);
        assertThat(conflicts.get()).as("transactions that had to run again").isGreaterThan(0);
    }

    @Test
    void otherFailuresAreNotRetried() {
        AtomicInteger attempts = new AtomicInteger();
        SQLException unique = new SQLException("duplicate key", "23505");
        assertThatThrownBy(() -> SqlRetry.call(attempt -> {
            attempts.set(attempt);
            throw unique;
        })).isSameAs(unique);
        assertThat(attempts.get()).isEqualTo(1);
    }

    /** The bound: after 1 + MAX_RETRIES attempts the last conflict is thrown as it was. */
    @Test
    void aConflictThatNeverResolvesEndsAfterTheBound() {
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> SqlRetry.call(attempt -> {
            attempts.set(attempt);
            throw new CannotAcquireLockException("deadlock", new SQLException("deadlock detected", "40P01"));
        })).isInstanceOf(CannotAcquireLockException.class);
        assertThat(attempts.get()).isEqualTo(1 + SqlRetry.MAX_RETRIES);
    }

    @Test
    void callersMayNameFurtherConflicts() {
        AtomicInteger attempts = new AtomicInteger();
        String result = SqlRetry.alsoOn(IllegalStateException.class::isInstance).attempt(attempt -> {
            attempts.set(attempt);
            if (attempt < 3) {
                throw new IllegalStateException("a concurrent delivery won");
            }
            return "done";
        });
        assertThat(result).isEqualTo("done");
        assertThat(attempts.get()).isEqualTo(3);
    }

    @Test
    void findsTheSqlStateBehindWrappersAndFailedRollbacks() {
        SQLException serialization = new SQLException("could not serialize access", "40001");
        assertThat(SqlRetry.isConflict(new RuntimeException(new RuntimeException(serialization)))).isTrue();
        TransactionSystemException rollbackFailed = new TransactionSystemException("rollback failed");
        rollbackFailed.initApplicationException(serialization);
        assertThat(SqlRetry.isConflict(rollbackFailed)).isTrue();
        SQLException batch = new SQLException("batch failed");
        batch.setNextException(new SQLException("deadlock", "40P01"));
        assertThat(SqlRetry.isConflict(batch)).isTrue();
        assertThat(SqlRetry.isConflict(new SQLException("unique", "23505"))).isFalse();
        assertThat(SqlRetry.isConflict(new IllegalStateException())).isFalse();
    }

    private static void increment(CyclicBarrier afterRead) throws Exception {
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
            try (var s = c.createStatement()) {
                int n;
                try (var rs = s.executeQuery("SELECT n FROM counters WHERE id = 1")) {
                    rs.next();
                    n = rs.getInt(1);
                }
                if (afterRead != null) {
                    afterRead.await(30, TimeUnit.SECONDS);
                }
                s.executeUpdate("UPDATE counters SET n = " + (n + 1) + " WHERE id = 1");
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static int counter() throws SQLException {
        try (Connection c = connect(); var s = c.createStatement(); var rs = s.executeQuery("SELECT n FROM counters")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(TestInfra.jdbcUrl(database), TestInfra.PG_ADMIN, "");
    }
}
