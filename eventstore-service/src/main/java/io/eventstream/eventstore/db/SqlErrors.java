package io.eventstream.eventstore.db;

import io.eventstream.common.sql.SqlRetry;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

/** Reads SQLSTATEs out of Spring's exception wrappers. */
public final class SqlErrors {

    /** Serialization failure: CockroachDB (and PostgreSQL under SERIALIZABLE) asks the client to retry. */
    public static final String SERIALIZATION_FAILURE = SqlRetry.SERIALIZATION_FAILURE;
    public static final String UNIQUE_VIOLATION = "23505";
    /** PostgreSQL aborted one of two transactions that waited for each other: running it again succeeds. */
    public static final String DEADLOCK_DETECTED = SqlRetry.DEADLOCK_DETECTED;

    private SqlErrors() {
    }

    /** The first SQLSTATE in the cause chain (common's {@link SqlRetry#sqlState}, which the retry uses too). */
    public static String sqlState(Throwable e) {
        return SqlRetry.sqlState(e);
    }

    /** 40001 or 40P01: common's {@link SqlRetry} runs the transaction again. */
    public static boolean isRetryable(Throwable e) {
        return SqlRetry.isConflict(e);
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
