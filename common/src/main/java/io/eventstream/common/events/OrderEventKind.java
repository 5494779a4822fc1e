package io.eventstream.common.events;

import java.util.Optional;

/**
 * The order events of the published language, by the suffix of their type after the stream
 * name ({@code ORDERS.created} is {@link #CREATED}), each with the order status it moves an
 * order to: the names the read model stores and the order API shows (the original's "Pending"
 * and "Approved" among them). See docs/contract.md, "Event bodies".
 */
public enum OrderEventKind {
    CREATED("created", "Pending", false),
    PAYMENT_DEBITED("paymentdebited", "PaymentDebited", false),
    PAYMENT_FAILED("paymentfailed", "PaymentFailed", false),
    PAYMENT_REFUNDED("paymentrefunded", "Refunded", false),
    APPROVED("approved", "Approved", true),
    REVIEW_REJECTED("reviewrejected", "ReviewRejected", false),
    REFUND_REQUESTED("refundrequested", "RefundRequested", false),
    CANCEL_REQUESTED("cancelrequested", "CancelRequested", false),
    REJECTED("rejected", "Rejected", true),
    CANCELLED("cancelled", "Cancelled", true);

    private final String suffix;
    private final String status;
    private final boolean terminal;

    OrderEventKind(String suffix, String status, boolean terminal) {
        this.suffix = suffix;
        this.status = status;
        this.terminal = terminal;
    }

    /** The type's suffix after the stream name, e.g. "paymentdebited". */
    public String suffix() {
        return suffix;
    }

    /** The order status this event moves an order to, e.g. "PaymentDebited". */
    public String status() {
        return status;
    }

    /**
     * Approved, Rejected, Cancelled: an order reaches exactly one, and it is the order's status
     * from then on, whatever arrives later (a late debit and its refund).
     */
    public boolean terminal() {
        return terminal;
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
