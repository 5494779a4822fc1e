package io.eventstream.saga.eventstore;

import io.eventstream.common.consumer.PoisonMessageException;
import io.eventstream.common.events.OrderEventKind;
import io.eventstream.common.events.OrderEventTypes;
import io.eventstream.common.events.OrderReason;
import io.eventstream.common.events.upcast.SchemaVersions;
import io.eventstream.common.eventstore.AppendResult;
import io.eventstream.common.eventstore.EventStoreClient;
import io.eventstream.common.eventstore.EventStoreException;
import io.eventstream.common.eventstore.OrderEvents;
import io.eventstream.proto.eventstore.Event;
import io.eventstream.saga.events.StepReader;
import io.eventstream.saga.process.Command;
import io.eventstream.saga.process.OrderHistory;
import io.eventstream.saga.process.Step;
import io.grpc.Status;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The order's events in the event store, read as {@link Step}s, and the saga's events written
 * there: {@code refundrequested}, {@code cancelrequested} (deadline), {@code rejected} and
 * {@code cancelled}, each with body {@code {"OrderID":"…","Reason":"…"}} and an id derived
 * from the order by common's {@code EventIds} (the deadline's cancel request gets the id
 * order-service's cancel gets, by the same call: one per order, whoever asks).
 */
public class EventStoreOrderHistory implements OrderHistory {

    private static final Logger log = LoggerFactory.getLogger(EventStoreOrderHistory.class);

    private final EventStoreClient store;
    private final OrderEventTypes types;
    private final StepReader reader;

    public EventStoreOrderHistory(EventStoreClient store, OrderEventTypes types) {
        this.store = store;
        this.types = types;
        this.reader = new StepReader(types);
    }

    @Override
    public List<Step> load(String orderId) {
        return store.eventsOf(orderId).stream().map(this::step).toList();
    }

    /**
     * Like common's {@code IdempotentAppender.appendAt}, but answers the version the event got:
     * the saga records its own step without reading the history again. A duplicate (stored by an
     * earlier attempt) answers empty: where it stands is not known from here, so the saga reads.
     */
    @Override
    public OptionalLong append(String orderId, Command command, long expectedVersion, String causationId) {
        OrderEventKind kind = switch (command.type()) {
            case REQUEST_REFUND -> OrderEventKind.REFUND_REQUESTED;
            case REQUEST_CANCEL -> OrderEventKind.CANCEL_REQUESTED;
            case REJECT -> OrderEventKind.REJECTED;
            case CANCEL -> OrderEventKind.CANCELLED;
        };
        String type = types.of(kind);
        Event event = OrderEvents.of(types, kind, orderId, new OrderReason(orderId, command.reason()), causationId);
        try {
            AppendResult result = store.append(event, expectedVersion);
            if (result.duplicate()) {
                log.info("{} for {} was already stored", type, orderId);
                return OptionalLong.empty();
            }
            return OptionalLong.of(result.version());
        } catch (EventStoreException e) {
            if (e.code() == Status.Code.ABORTED || e.code() == Status.Code.ALREADY_EXISTS) {
                return OptionalLong.empty();
            }
            if (e.code() == Status.Code.INVALID_ARGUMENT) {
                throw new PoisonMessageException("event store rejected " + type + ": " + e.getMessage(), e);
            }
            throw e;
        }
    }

    private Step step(Event event) {
        Instant at = event.hasCreatedAt()
                ? Instant.ofEpochSecond(event.getCreatedAt().getSeconds(), event.getCreatedAt().getNanos())
                : Instant.now();
        return reader.read(event.getEventType(), event.getVersion(), event.getMetadataMap().get(SchemaVersions.KEY),
                event.getEventData(), at);
    }
}
