package io.eventstream.common.eventstore;

import io.grpc.Status;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;

/**
 * The one retry policy for a call to the event store made while a caller waits (order-service's
 * append of a created event): again on UNAVAILABLE or DEADLINE_EXCEEDED only, the failures where
 * the call surely or possibly did not reach the store's commit, with an exponential back-off,
 * jitter and a bound; then the last failure as it was. Only for calls that are safe to repeat:
 * an append with a deterministic event id is, because the store answers a repeat as a duplicate.
 *
 * <p>The workers do not retry in-process: a failed call fails the message, which the consumer
 * redelivers after its own back-off ({@code eventstream.consumer.backoff}), so a worker holds no
 * thread while the store is down. Built on Spring Framework 7's core retry, as {@code SqlRetry}.
 */
public final class StoreCallRetry {

    /** The call of one attempt. */
    @FunctionalInterface
    public interface Call<T> {

        /** @param attempt 1 for the first attempt, 2 for the first retry... */
        T run(int attempt);
    }

    private final RetryTemplate template;

    /**
     * @param attempts   attempts in all, at least 1
     * @param firstPause pause before the second attempt, doubled before each further one; each
     *                   pause moved by up to a quarter of the first pause at random, so callers
     *                   that failed together do not all come back at the same moment
     */
    public StoreCallRetry(int attempts, Duration firstPause) {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, was " + attempts);
        }
        this.template = new RetryTemplate(RetryPolicy.builder()
                .maxRetries(attempts - 1)
                .delay(firstPause)
                .multiplier(2)
                .jitter(firstPause.dividedBy(4))
                .predicate(StoreCallRetry::worthRepeating)
                .build());
    }

    /** UNAVAILABLE or DEADLINE_EXCEEDED: the store may not have committed, so the same call again. */
    public static boolean worthRepeating(Throwable e) {
        return e instanceof EventStoreException store
                && (store.code() == Status.Code.UNAVAILABLE || store.code() == Status.Code.DEADLINE_EXCEEDED);
    }

    /** Runs the call, again while it fails with a failure {@link #worthRepeating}; returns its result or throws its last failure. */
    public <T> T call(Call<T> call) {
        AtomicInteger attempts = new AtomicInteger();
        try {
            return template.execute(() -> call.run(attempts.incrementAndGet()));
        } catch (RetryException e) {
            Throwable last = e.getCause();
            if (last instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (last instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
