package io.eventstream.orders.board;

import io.eventstream.common.events.OrderEventKind;

/** The status each order event moves an order to: common's {@link OrderEventKind#status()}, the read model's names. */
final class BoardStatuses {

    private BoardStatuses() {
    }

    /** Null for an event that does not change the status. */
    static String of(String eventName) {
        return OrderEventKind.ofSuffix(eventName).map(OrderEventKind::status).orElse(null);
    }
}
