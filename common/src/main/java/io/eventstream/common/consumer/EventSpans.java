package io.eventstream.common.consumer;

import java.util.concurrent.Callable;

/**
 * The consume spans of a batch, one per event. A batch is handled on one thread, so no single
 * span can be current for all of it; what is done for one event runs in {@link #run} and joins
 * that event's trace (what it calls over gRPC becomes a child of the event's consume span).
 */
public interface EventSpans {

    /** Runs work with the consume span of this event current on this thread, and returns its result. */
    <T> T run(ReceivedEvent event, Callable<T> work) throws Exception;

    /** Without tracing: runs the work as it is. */
    static EventSpans none() {
        return new EventSpans() {
            @Override
            public <T> T run(ReceivedEvent event, Callable<T> work) throws Exception {
                return work.call();
            }
        };
    }
}
