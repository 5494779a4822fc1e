package io.eventstream.querymodel.jdbc;

import io.eventstream.common.sql.SqlRetry;
import io.eventstream.querymodel.projection.InvalidEventException;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Runs work in one transaction (or one autocommitted statement), retrying it when the database
 * asks to: SQLSTATE 40001 (CockroachDB's serializable isolation answers contention that way;
 * PostgreSQL does under SERIALIZABLE) and 40P01 (a PostgreSQL deadlock; batches lock their
 * orders in one order to avoid them). Either way the database rolled the whole transaction
 * back, so running it again is safe: common's {@link SqlRetry}, the one policy every service
 * uses (bounded, exponential back-off with jitter). A data or constraint error (SQLSTATE class 22 or 23) can
 * never succeed and becomes an {@link InvalidEventException}; any other failure a
 * {@link ReadModelUnavailableException}, so the message is redelivered later.
 *
 * <p>Gated (when the read model switches by copy, {@link SwitchMethod#gatesWrites}), every
 * transaction starts with {@link ReadModelGenerations#GATE}, and a single statement becomes a
 * transaction of the gate and the statement: the writes wait while a switch runs.
 */
public class Transactions {

    /** The transaction body. */
    @FunctionalInterface
    public interface Work {
        void run(Connection connection) throws SQLException;
    }

    private final DataSource dataSource;
    private final boolean retryConflicts;
    private final boolean gated;

    public Transactions(DataSource dataSource) {
        this(dataSource, true, false);
    }

    /** The live worker's: gated when {@code method} asks for it. */
    public Transactions(DataSource dataSource, SwitchMethod method) {
        this(dataSource, true, method.gatesWrites());
    }

    public Transactions(DataSource dataSource, boolean retryConflicts) {
        this(dataSource, retryConflicts, false);
    }

    /**
     * @param retryConflicts false only for a test that proves conflicts do not happen: a 40001 or
     *                       40P01 then fails at once instead of being retried
     * @param gated          every transaction takes {@link ReadModelGenerations#GATE} first
     */
    public Transactions(DataSource dataSource, boolean retryConflicts, boolean gated) {
        this.dataSource = dataSource;
        this.retryConflicts = retryConflicts;
        this.gated = gated;
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
        try {
            SqlRetry.Transaction<Void, SQLException> once = attempt -> {
                if (transaction || gated) {
                    runOnce(work);
                } else {
                    runAutoCommitted(work);
                }
                return null;
            };
            if (retryConflicts) {
                SqlRetry.call(once);
            } else {
                once.run(1);
            }
        } catch (SQLException e) {
            String state = SqlRetry.sqlState(e);
            if (state != null && (state.startsWith("22") || state.startsWith("23"))) {
                throw new InvalidEventException("the read model rejects the event: " + e.getMessage());
            }
            throw new ReadModelUnavailableException("read model unavailable: " + e.getMessage(), e);
        }
    }

    private void runOnce(Work work) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                if (gated) {
                    try (var gate = connection.createStatement()) {
                        gate.executeQuery(ReadModelGenerations.GATE).close();
                    }
                }
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
}
