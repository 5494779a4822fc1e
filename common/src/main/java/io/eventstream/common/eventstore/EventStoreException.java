package io.eventstream.common.eventstore;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * A failed event store call, with the gRPC status code. {@link #isTransient()} tells a
 * caller whether trying again later can succeed (the store or its database is down)
 * or whether the request itself is wrong.
 */
public class EventStoreException extends RuntimeException {

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

    public boolean isTransient() {
        return switch (code) {
            case UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, INTERNAL, UNKNOWN, CANCELLED -> true;
            default -> false;
        };
    }
}
