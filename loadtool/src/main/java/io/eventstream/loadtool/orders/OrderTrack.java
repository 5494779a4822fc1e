package io.eventstream.loadtool.orders;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One order of the run: what was posted, and what the tool saw of it on the stream and in
 * the read model. Stream events may arrive before the POST answer does, so a track can exist
 * before it is {@link #posted}.
 */
final class OrderTrack {

    final String orderId;
    volatile boolean posted;
    volatile long postStartNanos;
    volatile long postAnsweredNanos;
    volatile BigDecimal amount;
    volatile int items;
    volatile long terminalSeenNanos;
    volatile String terminalType;
    volatile long readModelNanos;
    private final Map<String, Integer> deliveries = new HashMap<>();
    private final AtomicBoolean readModelWaitClaimed = new AtomicBoolean();

    OrderTrack(String orderId) {
        this.orderId = orderId;
    }

    /** @return how many times this event id arrived on the stream before, this time included. */
    synchronized int delivered(String eventId) {
        return deliveries.merge(eventId, 1, Integer::sum);
    }

    /** True for the first caller only: that one puts the order on the read model's list. */
    boolean claimReadModelWait() {
        return readModelWaitClaimed.compareAndSet(false, true);
    }

    long postLatencyMicros() {
        return (postAnsweredNanos - postStartNanos) / 1000;
    }

    /** From the POST until the read model showed the end state (0: never). */
    long endToEndMicros() {
        return readModelNanos == 0 ? 0 : (readModelNanos - postStartNanos) / 1000;
    }
}
