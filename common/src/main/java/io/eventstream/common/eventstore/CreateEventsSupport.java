package io.eventstream.common.eventstore;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the store takes CreateEvents, as one client last found out, and what a failure of a
 * whole CreateEvents call says about each of its events. Shared by a client's two ways of sending
 * several appends at once ({@link AppendCoalescer}, {@link ListAppender}).
 */
final class CreateEventsSupport {

    private static final Logger log = LoggerFactory.getLogger(CreateEventsSupport.class);

    private final long reprobeNanos;
    /** System.nanoTime() until which CreateEvents is taken as missing (0: not known to be). */
    private volatile long missingUntil;

    CreateEventsSupport(long reprobeNanos) {
        this.reprobeNanos = reprobeNanos;
    }

    /** True while a recent UNIMPLEMENTED says the store has no CreateEvents (the original's). */
    boolean assumedMissing() {
        long until = missingUntil;
        return until != 0 && System.nanoTime() - until < 0;
    }

    /** The store answered UNIMPLEMENTED: appends go one CreateEvent each for {@code reprobeAfter}. */
    void missing() {
        if (!assumedMissing()) {
            log.info("the event store has no CreateEvents (the original's?): one CreateEvent per event, "
                    + "asking again in {} s", reprobeNanos / 1_000_000_000L);
        }
        missingUntil = System.nanoTime() + reprobeNanos;
    }

    /**
     * A whole CreateEvents call of {@code events} events failed: the failure each of them gets when
     * a CreateEvent of each would have failed the same way (the store unreachable or slow, the
     * caller cancelled or not allowed); empty when it says nothing about one event (UNIMPLEMENTED,
     * remembered; INVALID_ARGUMENT for too many events; a message too large): each is then sent alone.
     */
    Optional<EventStoreException> failureOfEach(StatusRuntimeException e, int events) {
        Status.Code code = e.getStatus().getCode();
        switch (code) {
            case UNAVAILABLE, DEADLINE_EXCEEDED, CANCELLED, UNAUTHENTICATED, PERMISSION_DENIED -> {
                return Optional.of(EventStoreException.from(e));
            }
            case UNIMPLEMENTED -> missing();
            default -> log.warn("CreateEvents of {} events failed as a whole ({}); sending each alone", events,
                    e.getStatus());
        }
        return Optional.empty();
    }
}
