package io.eventstream.common.events;

import java.math.BigDecimal;

/**
 * {@code <stream>.paymentfailed} (ours): the wallet did not cover the amount, nothing was
 * debited. {@code {"OrderID":"…","CustomerID":"…","Amount":21,"Reason":"…"}}.
 */
public record PaymentFailed(String orderId, String customerId, BigDecimal amount, String reason)
        implements OrderEventBody {
}
