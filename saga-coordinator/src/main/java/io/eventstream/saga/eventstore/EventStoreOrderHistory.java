package io.eventstream.saga.eventstore;

import io.eventstream.common.events.EventHeaders;
import io.eventstream.common.events.OrderEventTypes;
import io.eventstream.common.eventstore.EventStoreClient;
import io.eventstream.common.eventstore.IdempotentAppender;
import io.eventstream.proto.eventstore.Event;
import io.eventstream.saga.process.Command;
import io.eventstream.saga.process.OrderHistory;
import io.eventstream.saga.process.Step;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The order's events in the event store, read as {@link Step}s, and the saga's events written
 * there: {@code refundrequested}, {@code cancelrequested} (deadline), {@code rejected} and
 * {@code cancelled}, each with body {@code {"OrderID":"…","Reason":"…"}} and an id derived
 * from the order (the cancel request has the id order-service uses: one per order, whoever asks).
 */
public class EventStoreOrderHistory implements OrderHistory {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    private final EventStoreClient store;
    private final IdempotentAppender appender;
    private final OrderEventTypes types;

    public EventStoreOrderHistory(EventStoreClient store, OrderEventTypes types) {
        this.store = store;
        this.appender = new IdempotentAppender(store);
        this.types = types;
    }

    /** The id of the event a saga step writes for an order: {@code UUID(name "<suffix>:<orderId>")}. */
    public static String eventId(String suffix, String orderId) {
        return UUID.nameUUIDFromBytes((suffix + ":" + orderId).getBytes(StandardCharsets.UTF_8)).toString();
    }

    @Override
    public List<Step> load(String orderId) {
        return store.eventsOf(orderId).stream().map(this::step).filter(Objects::nonNull).toList();
    }

    @Override
    public boolean append(String orderId, Command command, long expectedVersion, String causationId) {
        String type = switch (command.type()) {
            case REQUEST_REFUND -> types.refundRequested();
            case REQUEST_CANCEL -> types.cancelRequested();
            case REJECT -> types.rejected();
            case CANCEL -> types.cancelled();
        };
        Event.Builder event = Event.newBuilder()
                .setEventId(eventId(types.shortName(type), orderId))
                .setEventType(type)
                .setAggregateId(orderId)
                .setAggregateType(OrderEventTypes.AGGREGATE_TYPE)
                .setEventData(JSON.createObjectNode().put("OrderID", orderId).put("Reason", command.reason()).toString())
                .setStream(types.stream())
                .putMetadata(EventHeaders.CORRELATION_ID, orderId);
        if (causationId != null && !causationId.isBlank()) {
            event.putMetadata(EventHeaders.CAUSATION_ID, causationId);
        }
        return appender.appendAt(event.build(), expectedVersion);
    }

    private Step step(Event event) {
        Step.Kind kind = Step.Kind.ofSuffix(types.shortName(event.getEventType()));
        if (kind == null) {
            return null;
        }
        JsonNode body = parse(event.getEventData());
        Instant at = event.hasCreatedAt()
                ? Instant.ofEpochSecond(event.getCreatedAt().getSeconds(), event.getCreatedAt().getNanos())
                : Instant.now();
        return new Step(kind, event.getVersion(), text(body, "Reason"),
                text(body, kind == Step.Kind.CREATED ? "customer_id" : "CustomerID"),
                decimal(body, kind == Step.Kind.CREATED ? "amount" : "Amount"), at);
    }

    /** Bodies the saga cannot read still count as the event they are; only their details are missing. */
    private static JsonNode parse(String data) {
        if (data == null || data.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(data);
        } catch (JacksonException e) {
            return null;
        }
    }

    private static String text(JsonNode body, String field) {
        return body != null && body.path(field).isString() ? body.get(field).stringValue() : null;
    }

    private static BigDecimal decimal(JsonNode body, String field) {
        return body != null && body.path(field).isNumber() ? body.get(field).decimalValue() : null;
    }
}
