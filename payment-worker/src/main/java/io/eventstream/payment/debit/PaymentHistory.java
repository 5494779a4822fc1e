package io.eventstream.payment.debit;

/**
 * Whether an order's payment was already decided by anyone, as its history in the event store
 * shows it: a debit or a failed payment of any id (the original's workers wrote theirs under
 * random ids, so the ids derived from the order do not catch them). Asked only for the created
 * orders a consumer may meet again after it took over or started on a stream that already held
 * messages (common's {@code TakeoverPoint}), never in normal running.
 */
public interface PaymentHistory {

    boolean settled(String orderId);
}
