package io.eventstream.saga.rebuild;

import java.time.Instant;
import java.util.Collection;
import java.util.Optional;

/** The rebuild's own bookkeeping in sagadb, next to the saga's state (which it writes through {@code SagaStore}). */
public interface RebuildStore {

    /** The last rebuild's checkpoint, if one ever ran. */
    Optional<Checkpoint> checkpoint();

    /** Empties the saga's state and steps and starts a checkpoint at 0 towards {@code target}, in one transaction. */
    void startOver(long target);

    /** Every event up to {@code position} is in sagadb. */
    void advance(long position);

    /** The rebuild got to its target. */
    void finish();

    /**
     * Makes the orders due now for the coordinator's deadline scan, whose pass over an order
     * decides whatever the order's history asks for (not only a deadline's cancel), exactly as
     * when one of its events arrives.
     */
    void markDue(Collection<String> orderIds, Instant now);
}
