package io.eventstream.review.eventstore;

import io.eventstream.common.events.EventHeaders;
import io.eventstream.common.events.OrderEventTypes;
import io.eventstream.common.eventstore.IdempotentAppender;
import io.eventstream.proto.eventstore.Event;
import io.eventstream.review.approval.OrderApproved;
import io.eventstream.review.approval.ReviewEvents;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Records approvals as {@code <stream>.approved} events (no data, as the original) in the event store. */
public class EventStoreReviewEvents implements ReviewEvents {

    private final IdempotentAppender appender;
    private final OrderEventTypes types;

    public EventStoreReviewEvents(IdempotentAppender appender, OrderEventTypes types) {
        this.appender = appender;
        this.types = types;
    }

    /** One approval per order: the same id for every attempt, so the store keeps one event. */
    public static String approvedId(String orderId) {
        return UUID.nameUUIDFromBytes(("approved:" + orderId).getBytes(StandardCharsets.UTF_8)).toString();
    }

    @Override
    public void orderApproved(OrderApproved approved, String causationId) {
        Event.Builder event = Event.newBuilder()
                .setEventId(approvedId(approved.orderId()))
                .setEventType(types.approved())
                .setAggregateId(approved.orderId())
                .setAggregateType(OrderEventTypes.AGGREGATE_TYPE)
                .setEventData("")
                .setStream(types.stream())
                .putMetadata(EventHeaders.CORRELATION_ID, approved.orderId());
        if (causationId != null && !causationId.isBlank()) {
            event.putMetadata(EventHeaders.CAUSATION_ID, causationId);
        }
        appender.append(event.build());
    }
}
