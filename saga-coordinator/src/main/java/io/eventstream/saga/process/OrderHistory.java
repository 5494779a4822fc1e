package io.eventstream.saga.process;

import java.util.List;
import java.util.OptionalLong;

/** The order's events (the event store): the truth the saga decides on, and where it writes. */
public interface OrderHistory {

    /** Every event of the order, any order (types the saga does not know with a null kind); empty for an unknown order. */
    List<Step> load(String orderId);

    /**
     * Appends the command's event at {@code expectedVersion}. Idempotent: each command has one
     * event id per order.
     *
     * @return the version the event was stored at by this call; empty when the order moved on,
     *         or the event was already there (stored by an earlier attempt): read it again
     */
    OptionalLong append(String orderId, Command command, long expectedVersion, String causationId);
}
