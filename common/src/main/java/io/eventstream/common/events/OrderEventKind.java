package io.eventstream.common.events;

import java.util.Optional;

/**
 * The order events of the published language, by the suffix of their type after the stream
 * name ({@code ORDERS.created} is {@link #CREATED}). See docs/contract.md, "Event bodies".
 */
public enum OrderEventKind {
    CREATED("created"),
    PAYMENT_DEBITED("paymentdebited"),
    PAYMENT_FAILED("paymentfailed"),
    PAYMENT_REFUNDED("paymentrefunded"),
    APPROVED("approved"),
    REVIEW_REJECTED("reviewrejected"),
    REFUND_REQUESTED("refundrequested"),
    CANCEL_REQUESTED("cancelrequested"),
    REJECTED("rejected"),
    CANCELLED("cancelled");

    private final String suffix;

    OrderEventKind(String suffix) {
        this.suffix = suffix;
    }

    /** The type's suffix after the stream name, e.g. "paymentdebited". */
    public String suffix() {
        return suffix;
    }

    /** Empty for a suffix that is no order event of ours: consumers ack and ignore those. */
    public static Optional<OrderEventKind> ofSuffix(String suffix) {
        for (OrderEventKind kind : values()) {
            if (kind.suffix.equals(suffix)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
