package io.eventstream.eventstore.grpc;

import io.eventstream.eventstore.append.AppendRejectedException;
import io.eventstream.eventstore.append.EventIdConflictException;
import io.eventstream.eventstore.append.InvalidEventException;
import io.eventstream.eventstore.append.VersionConflictException;
import io.eventstream.eventstore.db.SqlErrors;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns the store's failures into gRPC statuses a client can act on. */
final class GrpcErrors {

    private static final Logger log = LoggerFactory.getLogger(GrpcErrors.class);
    static final Metadata.Key<String> CURRENT_VERSION =
            Metadata.Key.of("current-version", Metadata.ASCII_STRING_MARSHALLER);

    private GrpcErrors() {
    }

    static StatusRuntimeException toStatus(Throwable e) {
        if (e instanceof java.util.concurrent.CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof StatusRuntimeException s) {
            return s;
        }
        if (e instanceof InvalidEventException) {
            return Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException();
        }
        if (e instanceof EventIdConflictException) {
            return Status.ALREADY_EXISTS.withDescription(e.getMessage()).asRuntimeException();
        }
        if (e instanceof VersionConflictException conflict) {
            Metadata trailers = new Metadata();
            trailers.put(CURRENT_VERSION, Long.toString(conflict.currentVersion()));
            return Status.ABORTED.withDescription(e.getMessage()).asRuntimeException(trailers);
        }
        if (e instanceof AppendRejectedException) {
            return Status.UNAVAILABLE.withDescription(e.getMessage() + ", try again").asRuntimeException();
        }
        if (SqlErrors.isUnavailable(e)) {
            log.warn("database unavailable: {}", e.toString());
            return Status.UNAVAILABLE.withDescription("the event database is unavailable, try again").asRuntimeException();
        }
        // The contract: a storage error answers INTERNAL. The detail goes to the log, not to the client.
        log.error("event store failure", e);
        return Status.INTERNAL.withDescription("storage error").asRuntimeException();
    }
}
