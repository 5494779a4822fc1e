package io.eventstream.review.approval;

/** The payment event can never be reviewed as it is (no order id, unreadable): retrying will not help. */
public class InvalidPaymentException extends RuntimeException {

    public InvalidPaymentException(String message) {
        super(message);
    }
}
