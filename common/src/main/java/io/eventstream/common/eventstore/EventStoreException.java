package io.eventstream.common.eventstore;

import io.eventstream.common.consumer.PersistentFailure;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * A failed event store call, with the gRPC status code. {@link #isTransient()} tells a
 * caller whether trying again later can succeed (the store or its database is down)
 * or whether the request itself is wrong.
 *
 * <p>INTERNAL counts as transient for one call (our store answers it for an unexpected storage
 * error), but it {@link #persists()}: a message that fails with it on every delivery is
 * dead-lettered by the consumer after {@code eventstream.consumer.max-deliver-persistent}
 * deliveries (the original's store answers INTERNAL for ever for an order with an empty
 * {@code approved}).
 */
public class EventStoreException extends RuntimeException implements PersistentFailure {

    private final Status.Code code;

    public EventStoreException(Status.Code code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    static EventStoreException from(StatusRuntimeException e) {
        Status status = e.getStatus();
        String description = status.getDescription() == null ? status.getCode().name() : status.getDescription();
        return new EventStoreException(status.getCode(), description, e);
    }

    public Status.Code code() {
        return code;
    }

    @Override
    public boolean persists() {
        return code == Status.Code.INTERNAL;
    }

    @Override
    public String reason() {
        return "the event store answered " + code + " (" + getMessage() + ")";
    }

    public boolean isTransient() {
        return switch (code) {
            case UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, INTERNAL, UNKNOWN, CANCELLED -> true;
            default -> false;
        };
    }
}
