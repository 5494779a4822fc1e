package io.eventstream.common.sql;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.transaction.TransactionSystemException;

/**
 * The one retry policy for SQL serialization conflicts, used by every service: a transaction
 * the database rolled back with SQLSTATE 40001 (serialization failure) or 40P01 (deadlock
 * victim) is run again, whole, up to {@link #MAX_RETRIES} times after the first attempt, after
 * an exponential back-off with jitter; then the last failure is thrown as it was.
 *
 * <p>Why: CockroachDB runs every transaction SERIALIZABLE and answers contention it cannot
 * resolve itself with 40001; the client must retry the whole transaction, with a bound and with
 * exponential back-off (https://www.cockroachlabs.com/docs/stable/transaction-retry-error-example,
 * https://www.cockroachlabs.com/docs/stable/transaction-retry-error-reference). PostgreSQL answers
 * 40001 under SERIALIZABLE and 40P01 to one of two transactions that wait for each other. Either
 * way the database rolled the transaction back, so running it again is safe. The jitter keeps
 * two transactions that collided from colliding again at the same moment; the bound turns a
 * conflict that never resolves into an ordinary failure (the message is then redelivered, the
 * request answered 503).
 *
 * <p>Built on Spring Framework 7's core retry ({@link RetryTemplate}, {@link RetryPolicy};
 * https://docs.spring.io/spring-framework/docs/current/javadoc-api/org/springframework/core/retry/RetryPolicy.Builder.html):
 * delays of about 5, 10, 20, 40 ... ms, each moved by up to 20 ms at random (never below 5 ms),
 * at most 200 ms; at most about 1 s of waiting in all.
 */
public final class SqlRetry {

    public static final String SERIALIZATION_FAILURE = "40001";
    public static final String DEADLOCK_DETECTED = "40P01";
    /** Retries after the first attempt: 10 attempts in all. */
    public static final int MAX_RETRIES = 9;

    private static final boolean SPRING_TX = present("org.springframework.transaction.TransactionSystemException");
    private static final SqlRetry CONFLICTS = new SqlRetry(e -> false);

    private final RetryTemplate template;

    private SqlRetry(Predicate<Throwable> alsoRetry) {
        this.template = new RetryTemplate(RetryPolicy.builder()
                .maxRetries(MAX_RETRIES)
                .delay(Duration.ofMillis(5))
                .multiplier(2)
                .jitter(Duration.ofMillis(20))
                .maxDelay(Duration.ofMillis(200))
                .predicate(e -> isConflict(e) || alsoRetry.test(e))
                .build());
    }

    /** The work of one attempt: a whole transaction (or one autocommitted statement). */
    @FunctionalInterface
    public interface Transaction<T, E extends Exception> {

        /** @param attempt 1 for the first attempt, 2 for the first retry... */
        T run(int attempt) throws E;
    }

    /** Runs the transaction, again on a serialization conflict; returns its result or throws its last failure. */
    public static <T, E extends Exception> T call(Transaction<T, E> transaction) throws E {
        return CONFLICTS.attempt(transaction);
    }

    /**
     * The same policy, retrying also on failures the caller knows to be conflicts of the same
     * kind (a concurrent delivery won a race the database settled by a unique key).
     */
    public static SqlRetry alsoOn(Predicate<Throwable> conflict) {
        return new SqlRetry(conflict);
    }

    public <T, E extends Exception> T attempt(Transaction<T, E> transaction) throws E {
        AtomicInteger attempts = new AtomicInteger();
        try {
            return template.execute(() -> transaction.run(attempts.incrementAndGet()));
        } catch (RetryException e) {
            throw SqlRetry.<E>failure(e);
        }
    }

    /** The last attempt's failure, as the transaction threw it. */
    @SuppressWarnings("unchecked")
    private static <E extends Exception> E failure(RetryException e) throws E {
        Throwable last = e.getCause();
        if (last instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (last instanceof Error error) {
            throw error;
        }
        if (last instanceof Exception checked) {
            return (E) checked; // a Transaction<T, E> throws only E or unchecked exceptions
        }
        throw new IllegalStateException(e.getMessage(), e);
    }

    /** SQLSTATE 40001 or 40P01 anywhere in the cause chain (Spring's translated exceptions wrap the driver's). */
    public static boolean isConflict(Throwable e) {
        String state = sqlState(e);
        return SERIALIZATION_FAILURE.equals(state) || DEADLOCK_DETECTED.equals(state);
    }

    /** The first SQLSTATE in the cause chain, or null. */
    public static String sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                for (SQLException s = sql; s != null; s = s.getNextException()) {
                    if (s.getSQLState() != null) {
                        return s.getSQLState();
                    }
                }
            }
            // A failed rollback hides the failure that caused it: look at that one.
            if (isTransactionSystemException(t)) {
                Throwable original = ((TransactionSystemException) t).getApplicationException();
                String state = original == null ? null : sqlState(original);
                if (state != null) {
                    return state;
                }
            }
        }
        return null;
    }

    /** spring-tx is optional here: a service without it has no TransactionSystemException to look into. */
    private static boolean isTransactionSystemException(Throwable t) {
        return SPRING_TX && t instanceof TransactionSystemException;
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, SqlRetry.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
