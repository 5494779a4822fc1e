package io.eventstream.saga.process;

import java.util.concurrent.Callable;

/**
 * Runs work done for one event, such as an append to the event store, in that event's context
 * (its consume span), so the order's trace goes on through a batch handled by one thread.
 */
public interface EventScope {

    <T> T call(Callable<T> work) throws Exception;

    /** Runs the work as it is. */
    EventScope NONE = new EventScope() {
        @Override
        public <T> T call(Callable<T> work) throws Exception {
            return work.call();
        }
    };
}
