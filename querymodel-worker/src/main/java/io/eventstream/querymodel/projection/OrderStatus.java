package io.eventstream.querymodel.projection;

import io.eventstream.common.events.OrderEventKind;
import java.util.Arrays;
import java.util.Optional;

/**
 * The statuses the read model shows, each reached by one event type; the names and which are
 * terminal are common's {@link OrderEventKind} (the published language).
 *
 * <p>{@code legacyVersion} is the aggregate version assumed for a message without the
 * {@code Aggregate-Version} header (published by the original, whose order events always
 * came in this order: created 1, paymentdebited 2, approved 3). 0: no fallback, the header
 * is required.
 */
public enum OrderStatus {
    PENDING(OrderEventKind.CREATED, 1),
    PAYMENT_DEBITED(OrderEventKind.PAYMENT_DEBITED, 2),
    APPROVED(OrderEventKind.APPROVED, 3),
    PAYMENT_FAILED(OrderEventKind.PAYMENT_FAILED, 0),
    REVIEW_REJECTED(OrderEventKind.REVIEW_REJECTED, 0),
    CANCEL_REQUESTED(OrderEventKind.CANCEL_REQUESTED, 0),
    REFUND_REQUESTED(OrderEventKind.REFUND_REQUESTED, 0),
    REFUNDED(OrderEventKind.PAYMENT_REFUNDED, 0),
    REJECTED(OrderEventKind.REJECTED, 0),
    CANCELLED(OrderEventKind.CANCELLED, 0);

    private final OrderEventKind reachedBy;
    private final long legacyVersion;

    OrderStatus(OrderEventKind reachedBy, long legacyVersion) {
        this.reachedBy = reachedBy;
        this.legacyVersion = legacyVersion;
    }

    /**
     * Approved, Rejected, Cancelled: an order reaches exactly one, and it is what the read
     * model shows from then on, whatever arrives later (a late debit and its refund).
     */
    public boolean terminal() {
        return reachedBy.terminal();
    }

    /** What the read model stores, e.g. "Approved". */
    public String label() {
        return reachedBy.status();
    }

    /** The event type's suffix after the stream name, e.g. "approved". */
    public String eventName() {
        return reachedBy.suffix();
    }

    public long legacyVersion() {
        return legacyVersion;
    }

    public static Optional<OrderStatus> reachedBy(String eventName) {
        return Arrays.stream(values()).filter(s -> s.eventName().equals(eventName)).findFirst();
    }
}
