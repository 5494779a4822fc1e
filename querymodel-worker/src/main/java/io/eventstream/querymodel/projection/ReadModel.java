package io.eventstream.querymodel.projection;

import java.util.List;

/**
 * The order read model. {@link #apply} is idempotent and commutative: applying the same
 * change twice, or changes in any order, ends in the same state, where the status is the
 * one of the highest version and the details are those of the created event.
 */
public interface ReadModel {

    void apply(OrderChange change);

    /**
     * Applies every change, in one transaction: all of them or, when it throws, none. The
     * result is that of {@link #apply} on each change in list order (so the same guarantees).
     */
    void applyAll(List<OrderChange> changes);
}
