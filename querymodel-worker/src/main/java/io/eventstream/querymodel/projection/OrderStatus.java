package io.eventstream.querymodel.projection;

import java.util.Arrays;
import java.util.Optional;

/**
 * The statuses the read model shows, each reached by one event type. Adding a status is
 * one line here.
 *
 * <p>{@code legacyVersion} is the aggregate version assumed for a message without the
 * {@code Aggregate-Version} header (published by the original, whose order events always
 * came in this order: created 1, paymentdebited 2, approved 3). 0: no fallback, the header
 * is required.
 */
public enum OrderStatus {
    PENDING("Pending", "created", 1, false),
    PAYMENT_DEBITED("PaymentDebited", "paymentdebited", 2, false),
    APPROVED("Approved", "approved", 3, true),
    PAYMENT_FAILED("PaymentFailed", "paymentfailed", 0, false),
    REVIEW_REJECTED("ReviewRejected", "reviewrejected", 0, false),
    CANCEL_REQUESTED("CancelRequested", "cancelrequested", 0, false),
    REFUND_REQUESTED("RefundRequested", "refundrequested", 0, false),
    REFUNDED("Refunded", "paymentrefunded", 0, false),
    REJECTED("Rejected", "rejected", 0, true),
    CANCELLED("Cancelled", "cancelled", 0, true);

    private final String label;
    private final String eventName;
    private final long legacyVersion;
    private final boolean terminal;

    OrderStatus(String label, String eventName, long legacyVersion, boolean terminal) {
        this.label = label;
        this.eventName = eventName;
        this.legacyVersion = legacyVersion;
        this.terminal = terminal;
    }

    /**
     * Approved, Rejected, Cancelled: an order reaches exactly one, and it is what the read
     * model shows from then on, whatever arrives later (a late debit and its refund).
     */
    public boolean terminal() {
        return terminal;
    }

    /** What the read model stores, e.g. "Approved". */
    public String label() {
        return label;
    }

    /** The event type's suffix after the stream name, e.g. "approved". */
    public String eventName() {
        return eventName;
    }

    public long legacyVersion() {
        return legacyVersion;
    }

    public static Optional<OrderStatus> reachedBy(String eventName) {
        return Arrays.stream(values()).filter(s -> s.eventName.equals(eventName)).findFirst();
    }
}
