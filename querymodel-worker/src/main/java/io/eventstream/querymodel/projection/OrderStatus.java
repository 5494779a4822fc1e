package io.eventstream.querymodel.projection;

import java.util.Arrays;
import java.util.Optional;

/**
 * The statuses the read model shows, each reached by one event type. Adding a status
 * (Rejected, Cancelled...) is one line here.
 *
 * <p>{@code legacyVersion} is the aggregate version assumed for a message without the
 * {@code Aggregate-Version} header (published by the original, whose order events always
 * came in this order: created 1, paymentdebited 2, approved 3). 0: no fallback, the header
 * is required.
 */
public enum OrderStatus {
    PENDING("Pending", "created", 1),
    PAYMENT_DEBITED("PaymentDebited", "paymentdebited", 2),
    APPROVED("Approved", "approved", 3);

    private final String label;
    private final String eventName;
    private final long legacyVersion;

    OrderStatus(String label, String eventName, long legacyVersion) {
        this.label = label;
        this.eventName = eventName;
        this.legacyVersion = legacyVersion;
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
