package io.eventstream.common.events;

/**
 * Which order an event belongs to: its aggregate id (header {@code Aggregate-Id}, set by the
 * event store) or, for a message without it (the original's, which has no headers), the order
 * id its body names. When both are there they must agree: a body about another order than its
 * event is malformed, whichever one is wrong.
 */
public final class EventOrder {

    private EventOrder() {
    }

    /**
     * @return the aggregate id, else the body's order id, else null (the caller decides whether
     *         an event that names no order can be handled)
     * @throws MalformedEventException when both are there and differ
     */
    public static String resolve(String aggregateId, OrderEventBody body) {
        String fromBody = body.orderId();
        boolean hasAggregate = aggregateId != null && !aggregateId.isBlank();
        if (hasAggregate && fromBody != null && !aggregateId.equals(fromBody)) {
            String field = body instanceof OrderCreated ? "order_id" : "OrderID";
            throw new MalformedEventException(field + " " + fromBody + " differs from the event's aggregate " + aggregateId);
        }
        return hasAggregate ? aggregateId : fromBody;
    }
}
