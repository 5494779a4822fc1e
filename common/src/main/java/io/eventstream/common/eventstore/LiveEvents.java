package io.eventstream.common.eventstore;

import io.eventstream.proto.eventstore.Event;
import io.grpc.Context;

/**
 * One open {@code GetEventsStream} with {@code follow = true} (from {@link EventStoreClient#follow}):
 * the stored events after a position, then each new one as it is stored, until {@link #close()}
 * or until the stream breaks. It does not reopen itself: the listener decides when, and from
 * which position, to follow again.
 */
public final class LiveEvents implements AutoCloseable {

    /** What a follower is told, on gRPC's threads, one call at a time. */
    public interface Listener {

        void onEvent(Event event);

        /**
         * The stream ended and tells nothing more: {@code failure} says why (the store is down,
         * the connection broke), or is null when the store completed it. Not called after
         * {@link LiveEvents#close()}.
         */
        void onEnd(EventStoreException failure);
    }

    private final Context.CancellableContext call;

    LiveEvents(Context.CancellableContext call) {
        this.call = call;
    }

    /** Cancels the call; the listener is told nothing more. */
    @Override
    public void close() {
        call.cancel(null);
    }

    boolean isClosed() {
        return call.isCancelled();
    }
}
