package io.eventstream.saga.process;

import java.util.List;

/** The order's events (the event store): the truth the saga decides on, and where it writes. */
public interface OrderHistory {

    /** The order's events the saga knows, any order; empty for an unknown order. */
    List<Step> load(String orderId);

    /**
     * Appends the command's event at {@code expectedVersion}. Idempotent: each command has one
     * event id per order.
     *
     * @return false when the order moved on (or the event is already there): read it again
     */
    boolean append(String orderId, Command command, long expectedVersion, String causationId);
}
