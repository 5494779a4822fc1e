package io.eventstream.common.consumer;

/**
 * A failure that may be transient but, repeated on every delivery of one message, will not go
 * away by itself: the event store's INTERNAL (a storage error; the original's store answers it
 * for every read of an order with an empty {@code approved}). The consumer retries it like any
 * failure, and once a message has been delivered {@code maxDeliverPersistent} times and still
 * fails with one, dead-letters it with {@link #reason()} instead of retrying it for ever.
 * Implemented by the failure itself (common's {@code EventStoreException}), so that this package
 * needs to know no caller.
 */
public interface PersistentFailure {

    /** Whether this failure, if it keeps coming back, is worth giving up on. */
    boolean persists();

    /** Why, for the dead-letter reason. */
    String reason();

    /** The first failure in {@code e}'s cause chain that {@link #persists()}, or null. */
    static PersistentFailure in(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PersistentFailure failure && failure.persists()) {
                return failure;
            }
        }
        return null;
    }
}
