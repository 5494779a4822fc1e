package io.eventstream.orders.placing;

/** The event store could not be reached or failed transiently: nothing was placed, try later. */
public class EventStoreUnavailableException extends RuntimeException {

    public EventStoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
