package io.eventstream.common.httpauth;

/**
 * Who sent an HTTP request, from its bearer token: the customer it speaks for, and whether it
 * is an operator. Plain data, so that a service's decisions can ask it without Spring Security.
 *
 * @param customer the customer id (the token's {@code eventstream.http-auth.customer-claim}), or null
 * @param operator an operator sees and does everything: every order, every wallet, the board
 */
public record Caller(String customer, boolean operator) {

    /** With the token check off (the original's clients): anyone may do anything, as in the original. */
    public static Caller unchecked() {
        return new Caller(null, true);
    }

    /** No token (or none that counts): may act for nobody. */
    public static Caller nobody() {
        return new Caller(null, false);
    }

    public boolean mayActFor(String customerId) {
        return operator || (customer != null && customer.equals(customerId));
    }

    /** Throws {@link NotYoursException} (403) unless this caller may act for {@code customerId}. */
    public void requireActFor(String customerId) {
        if (!mayActFor(customerId)) {
            throw new NotYoursException();
        }
    }
}
