package io.eventstream.querymodel.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventstream.common.sql.SqlRetry;
import io.eventstream.common.testing.TestInfra;
import io.eventstream.querymodel.projection.InvalidEventException;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** Transaction retry and failure classification against the real PostgreSQL. */
class TransactionsTest {

    private static String database;
    private static PGSimpleDataSource dataSource;
    private Transactions transactions;

    @BeforeAll
    static void createDatabase() throws SQLException {
        database = TestInfra.createDatabase("qmtx");
        dataSource = new PGSimpleDataSource();
        dataSource.setUrl(TestInfra.jdbcUrl(database));
        dataSource.setUser(TestInfra.PG_ADMIN);
        try (var c = dataSource.getConnection(); var s = c.createStatement()) {
            s.execute("CREATE TABLE t (id TEXT PRIMARY KEY, n INT NOT NULL)");
        }
    }

    @AfterAll
    static void dropDatabase() {
        TestInfra.dropDatabase(database);
    }

    @BeforeEach
    void setUp() throws SQLException {
        transactions = new Transactions(dataSource);
        try (var c = dataSource.getConnection(); var s = c.createStatement()) {
            s.execute("DELETE FROM t");
        }
    }

    @Test
    void aSerializationFailureRollsBackAndRetries() throws SQLException {
        AtomicInteger attempts = new AtomicInteger();
        transactions.inTransaction(c -> {
            try (var s = c.prepareStatement("INSERT INTO t VALUES ('a', ?)")) {
                s.setInt(1, attempts.incrementAndGet());
                s.executeUpdate();
            }
            if (attempts.get() == 1) {
                throw new SQLException("restart transaction", "40001");
            }
        });
        assertThat(attempts).hasValue(2);
        assertThat(rows()).isEqualTo("a=2");
    }

    @Test
    void aDeadlockRollsBackAndRetries() throws SQLException {
        AtomicInteger attempts = new AtomicInteger();
        transactions.inTransaction(c -> {
            try (var s = c.prepareStatement("INSERT INTO t VALUES ('d', ?)")) {
                s.setInt(1, attempts.incrementAndGet());
                s.executeUpdate();
            }
            if (attempts.get() == 1) {
                throw new SQLException("deadlock detected", "40P01");
            }
        });
        assertThat(attempts).hasValue(2);
        assertThat(rows()).isEqualTo("d=2");
    }

    @Test
    void persistentSerializationFailuresEndAsUnavailableAfterTheBound() throws SQLException {
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> transactions.inTransaction(c -> {
            attempts.incrementAndGet();
            throw new SQLException("restart transaction", "40001");
        })).isInstanceOf(ReadModelUnavailableException.class);
        assertThat(attempts).hasValue(1 + SqlRetry.MAX_RETRIES);
    }

    @Test
    void aDataErrorIsInvalidAndCommitsNothing() throws SQLException {
        assertThatThrownBy(() -> transactions.inTransaction(c -> {
            try (var s = c.createStatement()) {
                s.executeUpdate("INSERT INTO t VALUES ('b', 1)");
                s.executeUpdate("INSERT INTO t VALUES ('c', NULL)"); // 23502: not null violation
            }
        })).isInstanceOf(InvalidEventException.class);
        assertThat(rows()).isEmpty();
    }

    @Test
    void anUnreachableDatabaseIsUnavailable() {
        PGSimpleDataSource nowhere = new PGSimpleDataSource();
        nowhere.setUrl("jdbc:postgresql://127.0.0.1:1/none?connectTimeout=1");
        assertThatThrownBy(() -> new Transactions(nowhere).inTransaction(c -> { }))
                .isInstanceOf(ReadModelUnavailableException.class);
    }

    private static String rows() throws SQLException {
        StringBuilder out = new StringBuilder();
        try (var c = DriverManager.getConnection(TestInfra.jdbcUrl(database), TestInfra.PG_ADMIN, "");
             var s = c.createStatement(); var rs = s.executeQuery("SELECT id, n FROM t ORDER BY id")) {
            while (rs.next()) {
                out.append(out.isEmpty() ? "" : ",").append(rs.getString(1)).append('=').append(rs.getInt(2));
            }
        }
        return out.toString();
    }
}
