package io.eventstream.payment.debit;

/** The order can never be paid as it is (missing ids, negative amount): retrying will not help. */
public class InvalidOrderException extends RuntimeException {

    public InvalidOrderException(String message) {
        super(message);
    }
}
