package io.eventstream.saga.process;

import java.time.Instant;
import java.util.List;

/**
 * Where the saga keeps, durably (sagadb), each order's process state (for deadlines and for
 * looking) and the order's events it has seen (the steps it decides from).
 */
public interface SagaStore {

    /** Saves what the process says now; an older view (lower version) never overwrites a newer one. */
    void save(OrderProcess process);

    /** Orders still waiting for their deadline whose deadline is at or before {@code now}. */
    List<String> dueForDeadline(Instant now, int limit);

    /**
     * Records one step of the order (a step already recorded at that version is kept) and
     * answers every step recorded for the order, this one included, in any order.
     */
    List<Step> record(String orderId, Step step);

    /** Records steps read from the event store (the truth: they replace what is recorded at their versions). */
    void replace(String orderId, List<Step> steps);

    /** Every step recorded for the order, in any order. */
    List<Step> steps(String orderId);
}
