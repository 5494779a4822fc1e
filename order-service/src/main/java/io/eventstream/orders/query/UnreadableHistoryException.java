package io.eventstream.orders.query;

import io.eventstream.common.eventstore.EventStoreException;
import io.grpc.Status;

/**
 * The event store answered INTERNAL when asked for an order's events. The original's store
 * does so for every order that reached {@code approved} (it stores that event's body as NULL
 * and fails to read it back), and answers the same on every try: so this is not "unavailable,
 * try again" (503) but a clear 502 that says why (docs/contract.md). The order itself is still
 * served by {@code GET /api/orders/{id}} from the read model.
 */
public class UnreadableHistoryException extends RuntimeException {

    private final String orderId;

    public UnreadableHistoryException(String orderId, EventStoreException cause) {
        super("the event store cannot read the events of order " + orderId + ": " + cause.code() + " "
                + cause.getMessage(), cause);
        this.orderId = orderId;
    }

    public String orderId() {
        return orderId;
    }

    /** {@code e} as this exception when it is the store's INTERNAL, else {@code e} itself. */
    static RuntimeException translate(String orderId, EventStoreException e) {
        return e.code() == Status.Code.INTERNAL ? new UnreadableHistoryException(orderId, e) : e;
    }
}
