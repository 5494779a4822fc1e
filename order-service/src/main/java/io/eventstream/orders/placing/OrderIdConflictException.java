package io.eventstream.orders.placing;

/**
 * The order's id is taken in the event store by something that is not this order's created
 * event. Only a store holding foreign events under our ids can cause it.
 */
public class OrderIdConflictException extends RuntimeException {

    public OrderIdConflictException(String orderId) {
        super("order " + orderId + " already exists in the event store with other history");
    }
}
