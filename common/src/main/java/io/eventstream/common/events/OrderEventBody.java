package io.eventstream.common.events;

import java.math.BigDecimal;

/**
 * The body of an order event (its event_data, byte for byte the NATS message body), decoded.
 * One record per body shape; {@code json.EventBodies} reads and writes them. What a body does
 * not carry answers null here.
 */
public sealed interface OrderEventBody
        permits OrderCreated, PaymentDebited, PaymentFailed, PaymentRefunded, Approved, OrderReason {

    /** The order the body names, or null when it names none (approved; a body without OrderID). */
    String orderId();

    /** Why (payment failed, review rejected, cancel, refund, terminal), or null. */
    default String reason() {
        return null;
    }

    /** The customer, on the created and payment bodies; else null. */
    default String customerId() {
        return null;
    }

    /** The order's amount, on the created and payment bodies; else null. */
    default BigDecimal amount() {
        return null;
    }
}
