package io.eventstream.querymodel.projection;

/**
 * The order read model. {@link #apply} is idempotent and commutative: applying the same
 * change twice, or changes in any order, ends in the same state, where the status is the
 * one of the highest version and the details are those of the created event.
 */
public interface ReadModel {

    void apply(OrderChange change);
}
