package io.eventstream.eventstore.db;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Runs a transaction again when the database answers SQLSTATE 40001, as CockroachDB requires,
 * or 40P01 (PostgreSQL's deadlock victim).
 */
public final class Retrying {

    private static final int MAX_ATTEMPTS = 10;

    private Retrying() {
    }

    public static <T> T onSerializationFailure(Supplier<T> transaction) {
        for (int attempt = 1; ; attempt++) {
            try {
                return transaction.get();
            } catch (RuntimeException e) {
                if (!SqlErrors.isRetryable(e) || attempt >= MAX_ATTEMPTS) {
                    throw e;
                }
                sleepBeforeRetry(attempt);
            }
        }
    }

    private static void sleepBeforeRetry(int attempt) {
        long max = Math.min(200, 2L << attempt);
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, max + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying a transaction", e);
        }
    }
}
