package io.eventstream.saga.process;

/**
 * One event of a batch as the saga takes it.
 *
 * @param orderId     the order it belongs to
 * @param step        the event as a step of the order's history (its version is known)
 * @param causationId the event's id: the cause of what the saga appends because of it
 * @param scope       where work done for this event runs (its trace span)
 */
public record Arrival(String orderId, Step step, String causationId, EventScope scope) {
}
