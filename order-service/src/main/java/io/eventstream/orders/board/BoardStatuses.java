package io.eventstream.orders.board;

import java.util.Map;

/** The status each order event moves an order to: the read model's names (querymodel-worker's OrderStatus). */
final class BoardStatuses {

    private static final Map<String, String> BY_EVENT = Map.of(
            "created", "Pending",
            "paymentdebited", "PaymentDebited",
            "approved", "Approved",
            "paymentfailed", "PaymentFailed",
            "reviewrejected", "ReviewRejected",
            "cancelrequested", "CancelRequested",
            "refundrequested", "RefundRequested",
            "paymentrefunded", "Refunded",
            "rejected", "Rejected",
            "cancelled", "Cancelled");

    private BoardStatuses() {
    }

    /** Null for an event that does not change the status. */
    static String of(String eventName) {
        return BY_EVENT.get(eventName);
    }
}
