package io.eventstream.querymodel.jdbc;

import io.eventstream.querymodel.projection.InvalidEventException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs work in one transaction (or one autocommitted statement), retrying it when the database
 * asks to: SQLSTATE 40001 (CockroachDB's serializable isolation answers contention that way;
 * PostgreSQL does under SERIALIZABLE) and 40P01 (a PostgreSQL deadlock; batches lock their
 * orders in one order to avoid them). Either way the database rolled the whole transaction
 * back, so running it again is safe. A data or constraint error (SQLSTATE class 22 or 23) can
 * never succeed and becomes an {@link InvalidEventException}; any other failure a
 * {@link ReadModelUnavailableException}, so the message is redelivered later.
 */
public class Transactions {

    private static final Logger log = LoggerFactory.getLogger(Transactions.class);

    /** The transaction body. */
    @FunctionalInterface
    public interface Work {
        void run(Connection connection) throws SQLException;
    }

    private final DataSource dataSource;
    private final int maxAttempts;
    private final Duration retryDelay;

    public Transactions(DataSource dataSource) {
        this(dataSource, 5, Duration.ofMillis(20));
    }

    public Transactions(DataSource dataSource, int maxAttempts, Duration retryDelay) {
        this.dataSource = dataSource;
        this.maxAttempts = maxAttempts;
        this.retryDelay = retryDelay;
    }

    public void inTransaction(Work work) {
        retrying(work, true);
    }

    /**
     * Runs work that is one statement in autocommit mode: the statement is its own transaction,
     * so it costs one round trip instead of the statement plus a COMMIT. Retried and classified
     * like {@link #inTransaction}.
     */
    public void inOneStatement(Work work) {
        retrying(work, false);
    }

    private void retrying(Work work, boolean transaction) {
        for (int attempt = 1; ; attempt++) {
            try {
                if (transaction) {
                    runOnce(work);
                } else {
                    runAutoCommitted(work);
                }
                return;
            } catch (SQLException e) {
                String state = sqlState(e);
                if (("40001".equals(state) || "40P01".equals(state)) && attempt < maxAttempts) {
                    log.debug("serialization failure or deadlock, retrying (attempt {}): {}", attempt, e.getMessage());
                    pause(attempt);
                    continue;
                }
                if (state != null && (state.startsWith("22") || state.startsWith("23"))) {
                    throw new InvalidEventException("the read model rejects the event: " + e.getMessage());
                }
                throw new ReadModelUnavailableException("read model unavailable: " + e.getMessage(), e);
            }
        }
    }

    private void runOnce(Work work) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                work.run(connection);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection);
                throw e;
            }
        }
    }

    private void runAutoCommitted(Work work) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            work.run(connection);
        }
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the connection is broken: nothing was committed
        }
    }

    private static String sqlState(SQLException e) {
        for (SQLException s = e; s != null; s = s.getNextException()) {
            if (s.getSQLState() != null) {
                return s.getSQLState();
            }
        }
        return null;
    }

    private void pause(int attempt) {
        try {
            Thread.sleep(retryDelay.toMillis() * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
