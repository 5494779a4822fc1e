package io.eventstream.orders.order;

/**
 * The event store could not be reached or failed transiently: nothing was placed or cancelled,
 * try later. Here, with the order, because both commands (placing, cancel) end this way and
 * neither may reach into the other.
 */
public class EventStoreUnavailableException extends RuntimeException {

    public EventStoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
