package io.eventstream.review.eventstore;

import io.eventstream.common.events.EventHeaders;
import io.eventstream.common.events.OrderEventTypes;
import io.eventstream.common.eventstore.EventStoreClient;
import io.eventstream.common.eventstore.IdempotentAppender;
import io.eventstream.proto.eventstore.Event;
import io.eventstream.review.approval.OrderUnderReview;
import io.eventstream.review.approval.ReviewEvents;
import io.eventstream.review.approval.Verdict;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the order's history from the event store and records verdicts as
 * {@code <stream>.approved} (no data, as the original) or {@code <stream>.reviewrejected}
 * ({@code {"OrderID":"…","Reason":"…"}}), each with an id derived from the order.
 */
public class EventStoreReviewEvents implements ReviewEvents {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    private final EventStoreClient store;
    private final IdempotentAppender appender;
    private final OrderEventTypes types;
    private final Set<String> settled;

    public EventStoreReviewEvents(EventStoreClient store, OrderEventTypes types) {
        this.store = store;
        this.appender = new IdempotentAppender(store);
        this.types = types;
        this.settled = Set.of(types.approved(), types.reviewRejected(), types.cancelRequested(), types.rejected(),
                types.cancelled());
    }

    /** One approval per order: the same id for every attempt, so the store keeps one event. */
    public static String approvedId(String orderId) {
        return idOf("approved", orderId);
    }

    public static String reviewRejectedId(String orderId) {
        return idOf("reviewrejected", orderId);
    }

    @Override
    public OrderUnderReview load(String orderId) {
        List<Event> history = store.eventsOf(orderId);
        long version = history.stream().mapToLong(Event::getVersion).max().orElse(0);
        boolean open = history.stream().noneMatch(e -> settled.contains(e.getEventType()));
        JsonNode created = history.stream().filter(e -> e.getEventType().equals(types.created())).findFirst()
                .map(e -> parse(e.getEventData())).orElse(null);
        String restaurant = created != null && created.path("restaurant_id").isString()
                ? created.get("restaurant_id").stringValue() : null;
        BigDecimal amount = created != null && created.path("amount").isNumber()
                ? created.get("amount").decimalValue() : null;
        return new OrderUnderReview(orderId, restaurant, amount, open, version);
    }

    @Override
    public boolean record(OrderUnderReview order, Verdict verdict, String causationId) {
        Event.Builder event = Event.newBuilder()
                .setAggregateId(order.orderId())
                .setAggregateType(OrderEventTypes.AGGREGATE_TYPE)
                .setStream(types.stream())
                .putMetadata(EventHeaders.CORRELATION_ID, order.orderId());
        if (verdict.approved()) {
            event.setEventId(approvedId(order.orderId())).setEventType(types.approved()).setEventData("");
        } else {
            event.setEventId(reviewRejectedId(order.orderId())).setEventType(types.reviewRejected())
                    .setEventData(reasonJson(order.orderId(), verdict.reason()));
        }
        if (causationId != null && !causationId.isBlank()) {
            event.putMetadata(EventHeaders.CAUSATION_ID, causationId);
        }
        return appender.appendAt(event.build(), order.version());
    }

    private static String reasonJson(String orderId, String reason) {
        return JSON.createObjectNode().put("OrderID", orderId).put("Reason", reason).toString();
    }

    /** A created body we cannot read tells the review nothing; the order is still judged on what is known. */
    private static JsonNode parse(String data) {
        try {
            return JSON.readTree(data);
        } catch (JacksonException e) {
            return null;
        }
    }

    private static String idOf(String effect, String orderId) {
        return UUID.nameUUIDFromBytes((effect + ":" + orderId).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
