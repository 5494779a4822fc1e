package io.eventstream.common.consumer;

/**
 * Which messages of a consumer may have been handled before the consumer existed: those at or
 * below the stream sequence its creation recorded (the stream's end when it took over another
 * consumer of its name or started on a stream that already held messages; 0 on a new stream).
 * A handler whose effect is not idempotent by itself (the payment worker's debit) checks the
 * history for those messages only, so normal running reads nothing more.
 *
 * <p>A worker makes one, gives it to its handler and to its {@link DurableConsumer}
 * ({@link DurableConsumer#setTakeoverPoint}); the consumer sets it each time it binds, before
 * any message arrives.
 */
public final class TakeoverPoint {

    private volatile long handledThrough;

    /** True when this message may have been handled before this consumer existed. */
    public boolean mayBeDone(ReceivedEvent event) {
        long sequence = event.streamSequence();
        return sequence >= 1 && sequence <= handledThrough;
    }

    /** The stream sequence through which messages may have been handled before; 0: none. */
    public long handledThrough() {
        return handledThrough;
    }

    void set(long handledThrough) {
        this.handledThrough = handledThrough;
    }
}
