package io.eventstream.payment.debit;

/**
 * Runs what is done for one order of a batch (appending its event) in that order's own context:
 * the edge that received the batch knows each order's trace, the domain only its position.
 */
@FunctionalInterface
public interface OrderScope {

    /** Runs the work for the order at {@code index} in the batch. */
    void run(int index, Runnable work) throws Exception;

    /** No context: the work runs as it is. */
    static OrderScope none() {
        return (index, work) -> work.run();
    }
}
