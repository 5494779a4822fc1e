package io.eventstream.orders.query;

import io.eventstream.common.events.OrderEventTypes;
import io.eventstream.common.eventstore.EventStoreClient;
import io.eventstream.orders.order.OrderFold;
import io.eventstream.orders.order.OrderState;
import io.eventstream.orders.order.RecordedEvent;
import io.eventstream.orders.wire.OrderJson;
import io.eventstream.proto.eventstore.Event;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An order as it was at a version or a time, folded ({@link OrderFold}) from its events as the
 * event store holds them (the source of truth, not the read model, which keeps only the latest state).
 */
@Service
public class OrderAsOf {

    private final EventStoreClient eventStore;
    private final OrderEventTypes types;
    private final JsonMapper json;

    public OrderAsOf(EventStoreClient eventStore, OrderEventTypes types, JsonMapper json) {
        this.eventStore = eventStore;
        this.types = types;
        this.json = json;
    }

    /** The order's events, parsed for the fold, in version order; empty when the store knows no such order. */
    public List<RecordedEvent> history(String orderId) {
        return eventStore.eventsOf(orderId).stream().map(this::recorded).toList();
    }

    /** At {@code version}, which must be from 1 to the history's last version. */
    public Optional<OrderState> atVersion(String orderId, List<RecordedEvent> history, long version) {
        return OrderFold.upToVersion(orderId, history, version);
    }

    /** At a time: empty when the order had no event stored by then. */
    public Optional<OrderState> atTime(String orderId, List<RecordedEvent> history, Instant at) {
        return OrderFold.at(orderId, history, at);
    }

    private RecordedEvent recorded(Event event) {
        String name = types.shortName(event.getEventType());
        Instant createdAt = event.hasCreatedAt()
                ? Instant.ofEpochSecond(event.getCreatedAt().getSeconds(), event.getCreatedAt().getNanos()) : null;
        JsonNode body = parse(event.getEventData());
        var order = body != null && types.created().equals(event.getEventType()) ? order(body) : null;
        String reason = body != null && body.path("Reason").isString() ? body.get("Reason").stringValue() : null;
        return new RecordedEvent(event.getVersion(), event.getPosition(), event.getEventType(), name, createdAt,
                order, reason);
    }

    private io.eventstream.orders.order.Order order(JsonNode body) {
        try {
            return json.treeToValue(body, OrderJson.class).toOrder();
        } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
            return null; // a created body that is not the contract's order: the state shows no order data
        }
    }

    /** Null for an empty body (approved has none) or one that is not JSON: the fold then has no detail from it. */
    private JsonNode parse(String data) {
        if (data == null || data.isBlank()) {
            return null;
        }
        try {
            return json.readTree(data);
        } catch (JacksonException e) {
            return null;
        }
    }
}
