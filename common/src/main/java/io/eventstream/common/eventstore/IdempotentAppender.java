package io.eventstream.common.eventstore;

import io.eventstream.common.consumer.PoisonMessageException;
import io.eventstream.proto.eventstore.Event;
import io.grpc.Status;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends an event whose id is derived from what caused it, so the same effect is stored
 * once however often it is written.
 *
 * <p>The store answers a repeat with the same content as a duplicate. A repeat whose
 * metadata differs (the cause was re-published under another message id) answers
 * ALREADY_EXISTS: if the stored event has the same type, aggregate and data, the effect
 * is already there and that counts as done. Different data under the same id, or a
 * request the store rejects as invalid, can never succeed: poison. Everything else
 * (store or database down) is thrown as is and retried.
 */
public class IdempotentAppender {

    private static final Logger log = LoggerFactory.getLogger(IdempotentAppender.class);

    private final EventStoreClient store;

    public IdempotentAppender(EventStoreClient store) {
        this.store = store;
    }

    public void append(Event event) {
        settle(event, AppendOutcome.of(() -> store.append(event)));
    }

    /**
     * What {@link #append} makes of the store's answer, for an event appended with others
     * ({@link EventStoreClient#appendEach}): returns when the event is stored (now or before);
     * throws {@link PoisonMessageException} when it never can be, else the store's failure.
     */
    public void settle(Event event, AppendOutcome outcome) {
        if (outcome.succeeded()) {
            if (outcome.result().duplicate()) {
                log.info("{} {} for {} was already stored", event.getEventType(), event.getEventId(),
                        event.getAggregateId());
            }
            return;
        }
        EventStoreException e = outcome.failure();
        if (e.code() == Status.Code.ALREADY_EXISTS) {
            confirmSameEffect(event);
        } else if (e.code() == Status.Code.INVALID_ARGUMENT) {
            throw new PoisonMessageException("event store rejected " + event.getEventType() + ": " + e.getMessage(), e);
        } else {
            throw e;
        }
    }

    /**
     * Appends only if the aggregate is still at {@code expectedVersion}: for a decision taken
     * on the aggregate's history as read at that version.
     *
     * @return true when the event is stored (now or by an earlier attempt); false when the
     *         aggregate has moved on (ABORTED, or the id is taken by an event appended since):
     *         read the history again and decide anew
     */
    public boolean appendAt(Event event, long expectedVersion) {
        return settleAt(event, AppendOutcome.of(() -> store.append(event, expectedVersion)));
    }

    /** What {@link #appendAt} makes of the store's answer, for an event appended with others at its version. */
    public boolean settleAt(Event event, AppendOutcome outcome) {
        if (outcome.succeeded()) {
            if (outcome.result().duplicate()) {
                log.info("{} {} for {} was already stored", event.getEventType(), event.getEventId(),
                        event.getAggregateId());
            }
            return true;
        }
        EventStoreException e = outcome.failure();
        if (e.code() == Status.Code.ABORTED || e.code() == Status.Code.ALREADY_EXISTS) {
            return false;
        }
        if (e.code() == Status.Code.INVALID_ARGUMENT) {
            throw new PoisonMessageException("event store rejected " + event.getEventType() + ": " + e.getMessage(), e);
        }
        throw e;
    }

    private void confirmSameEffect(Event event) {
        Optional<Event> stored = store.event(event.getEventId());
        if (stored.isEmpty()) {
            throw new IllegalStateException("event store answered ALREADY_EXISTS for " + event.getEventId()
                    + " but does not return it");
        }
        Event existing = stored.get();
        boolean same = existing.getEventType().equals(event.getEventType())
                && existing.getAggregateId().equals(event.getAggregateId())
                && existing.getEventData().equals(event.getEventData());
        if (!same) {
            throw new PoisonMessageException("event " + event.getEventId() + " is already stored with other content");
        }
        log.info("{} {} for {} was already stored (metadata differs)", event.getEventType(), event.getEventId(),
                event.getAggregateId());
    }
}
