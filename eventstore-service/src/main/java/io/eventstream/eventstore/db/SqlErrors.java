package io.eventstream.eventstore.db;

import java.sql.SQLException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/** Reads SQLSTATEs out of Spring's exception wrappers. */
public final class SqlErrors {

    /** Serialization failure: CockroachDB (and PostgreSQL under SERIALIZABLE) asks the client to retry. */
    public static final String SERIALIZATION_FAILURE = "40001";
    public static final String UNIQUE_VIOLATION = "23505";
    /** PostgreSQL aborted one of two transactions that waited for each other: running it again succeeds. */
    public static final String DEADLOCK_DETECTED = "40P01";

    private SqlErrors() {
    }

    public static String sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
            // A failed rollback hides the failure that caused it: look at that one.
            if (t instanceof TransactionSystemException tse && tse.getApplicationException() != null) {
                String original = sqlState(tse.getApplicationException());
                if (original != null) {
                    return original;
                }
            }
        }
        return null;
    }

    public static boolean isRetryable(Throwable e) {
        String state = sqlState(e);
        return SERIALIZATION_FAILURE.equals(state) || DEADLOCK_DETECTED.equals(state);
    }

    public static boolean isUniqueViolation(Throwable e) {
        return UNIQUE_VIOLATION.equals(sqlState(e));
    }

    /** The database cannot be reached right now (down, restarting, pool exhausted). */
    public static boolean isUnavailable(Throwable e) {
        if (e instanceof CannotGetJdbcConnectionException || e instanceof DataAccessResourceFailureException
                || e instanceof TransientDataAccessResourceException || e instanceof CannotCreateTransactionException) {
            return true;
        }
        String state = sqlState(e);
        // Class 08: connection exception; 57P0x: the server is shutting down or restarting.
        return state != null && (state.startsWith("08") || state.startsWith("57P"));
    }
}
