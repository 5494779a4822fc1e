package io.eventstream.saga.process;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One event of an order, as the saga reads it.
 *
 * @param kind       what happened; null for an event type the saga does not know (it still
 *                   takes a version of the order, so it keeps its place in the history)
 * @param version    the aggregate version: the order of the history
 * @param reason     why (payment failed, review rejected, cancel requested, terminal), or null
 * @param customerId on created and payment events, else null
 * @param amount     on created and payment events, else null
 * @param at         when the event was stored
 */
public record Step(Kind kind, long version, String reason, String customerId, BigDecimal amount, Instant at) {

    /** The order events the saga knows; the suffix of each is the event type's after the stream name. */
    public enum Kind {
        CREATED("created"),
        PAYMENT_DEBITED("paymentdebited"),
        PAYMENT_FAILED("paymentfailed"),
        REVIEW_REJECTED("reviewrejected"),
        CANCEL_REQUESTED("cancelrequested"),
        REFUND_REQUESTED("refundrequested"),
        PAYMENT_REFUNDED("paymentrefunded"),
        APPROVED("approved"),
        REJECTED("rejected"),
        CANCELLED("cancelled");

        private final String suffix;

        Kind(String suffix) {
            this.suffix = suffix;
        }

        public String suffix() {
            return suffix;
        }

        public static Kind ofSuffix(String suffix) {
            for (Kind k : values()) {
                if (k.suffix.equals(suffix)) {
                    return k;
                }
            }
            return null;
        }
    }
}
