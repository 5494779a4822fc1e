package io.eventstream.orders.http;

import io.eventstream.common.httpauth.Caller;
import io.eventstream.common.httpauth.Callers;
import io.eventstream.orders.cancel.CancelOrderService;
import io.eventstream.orders.config.OrderServiceProperties;
import io.eventstream.orders.order.NewOrder;
import io.eventstream.orders.placing.PlaceOrderService;
import io.eventstream.orders.placing.Placement;
import io.eventstream.orders.order.OrderState;
import io.eventstream.orders.order.RecordedEvent;
import io.eventstream.orders.query.OrderAsOf;
import io.eventstream.orders.query.OrderEventHistory;
import io.eventstream.orders.query.OrderReadModel;
import io.eventstream.orders.wire.OrderJson;
import io.eventstream.proto.eventstore.Event;
import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The order API: place orders (event store) and read them back (read model, event history).
 * Each call acts for the token's customer ({@link Caller}): a customer places, reads, lists and
 * cancels only their own orders (403 problem otherwise, after the 404 of an order that does not
 * exist); an operator acts for every customer.
 */
@RestController
@RequestMapping("/api/orders")
public class OrderController {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final String IDEMPOTENT_REPLAYED = "Idempotent-Replayed";

    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    /** Visible ASCII only: the key is hashed into the order id and must mean the same to every client library. */
    private static final Pattern IDEMPOTENCY_KEY_TEXT = Pattern.compile("[\\x21-\\x7E]{1,255}");

    private final PlaceOrderService placing;
    private final CancelOrderService cancelling;
    private final OrderReadModel readModel;
    private final OrderEventHistory history;
    private final OrderAsOf asOf;
    private final OrderRequestParser parser;
    private final OrderServiceProperties props;
    private final JsonMapper json;
    private final Callers callers;

    public OrderController(PlaceOrderService placing, CancelOrderService cancelling, OrderReadModel readModel,
                           OrderEventHistory history, OrderAsOf asOf, OrderServiceProperties props,
                           JsonMapper json, Callers callers) {
        this.placing = placing;
        this.cancelling = cancelling;
        this.readModel = readModel;
        this.history = history;
        this.asOf = asOf;
        this.props = props;
        this.json = json;
        this.callers = callers;
        this.parser = new OrderRequestParser(props.maxItems());
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<OrderJson> place(@RequestBody JsonNode body,
                                           @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String key) {
        List<FieldError> errors = new ArrayList<>();
        if (key != null && !IDEMPOTENCY_KEY_TEXT.matcher(key).matches()) {
            errors.add(new FieldError(IDEMPOTENCY_KEY, "must be 1 to 255 visible ASCII characters"));
        }
        NewOrder request = parser.parse(body, errors);
        // Checked before anything is stored: a customer places orders for themselves only.
        callers.current().requireActFor(request.customerId());
        Placement placement = placing.place(request, Optional.ofNullable(key));
        OrderJson order = OrderJson.from(placement.order());
        ResponseEntity.BodyBuilder response = ResponseEntity
                .created(URI.create("/api/orders/" + order.orderId()))
                .contentType(MediaType.APPLICATION_JSON);
        if (placement.replayed()) {
            response.header(IDEMPOTENT_REPLAYED, "true");
        }
        return response.body(order);
    }

    /** The read model's order; with {@code version} or {@code at}, the order as it was then, from its events. */
    @GetMapping("/{id}")
    public Object get(@PathVariable String id, @RequestParam(name = "version", required = false) String version,
                      @RequestParam(name = "at", required = false) String at) {
        String orderId = orderId(id);
        if (version != null || at != null) {
            return asOf(orderId, version, at);
        }
        var order = readModel.find(orderId).orElseThrow(() -> new OrderNotFoundException(orderId));
        callers.current().requireActFor(order.customerId());
        return OrderDetailsJson.from(order, true);
    }

    private OrderAsOfJson asOf(String orderId, String version, String at) {
        if (version != null && at != null) {
            throw InvalidRequestException.of("version", "give version or at, not both");
        }
        Instant time = at == null ? null : instant(at);
        List<RecordedEvent> events = asOf.history(orderId);
        if (events.isEmpty()) {
            throw new OrderNotFoundException(orderId);
        }
        callers.current().requireActFor(placedBy(events));
        long last = events.get(events.size() - 1).version();
        Optional<OrderState> state;
        if (time == null) {
            long wanted = longParam(version);
            if (wanted < 1 || wanted > last) {
                throw InvalidRequestException.of("version", "must be an integer from 1 to " + last);
            }
            state = asOf.atVersion(orderId, events, wanted);
        } else {
            state = asOf.atTime(orderId, events, time);
        }
        return OrderAsOfJson.from(state.orElseThrow(() -> new OrderNotFoundException(orderId)), last);
    }

    private static long longParam(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** RFC 3339 with an offset ({@code 2026-11-28T04:51:11.6Z}, {@code ...+01:00}; a '+' in a URL is %2B). */
    private static Instant instant(String at) {
        try {
            return OffsetDateTime.parse(at.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw InvalidRequestException.of("at", "must be an RFC 3339 timestamp with an offset, e.g. 2026-11-28T04:51:11Z");
        }
    }

    @GetMapping
    public OrderPageJson byCustomer(@RequestParam(name = "customer_id", required = false) String customerId,
                                    @RequestParam(name = "page", required = false) String page,
                                    @RequestParam(name = "size", required = false) String size) {
        List<FieldError> errors = new ArrayList<>();
        if (customerId == null || customerId.isBlank()) {
            errors.add(new FieldError("customer_id", "is required"));
        }
        int pageNumber = intParam("page", page, 0, 0, 1_000_000, errors);
        int pageSize = intParam("size", size, 20, 1, props.maxPageSize(), errors);
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        // Another customer's list is refused like another customer's order (not filtered to empty:
        // an empty page would say "no orders", which is not true).
        callers.current().requireActFor(customerId);
        return OrderPageJson.from(readModel.byCustomer(customerId, pageNumber, pageSize));
    }

    /**
     * The customer's cancel: 202 once the request is stored (again 202 for a repeat); the saga
     * then refunds a debit and the order ends Cancelled. 409 when the order is Approved,
     * Rejected or Cancelled already, 404 when the event store has no such order.
     */
    @PostMapping("/{id}/cancel")
    public ResponseEntity<Map<String, String>> cancel(@PathVariable String id) {
        String orderId = orderId(id);
        Caller caller = callers.current();
        if (!caller.operator()) {
            // The owner from the store's created event (none that parses: an operator's order to cancel);
            // no events at all: the cancel below answers 404.
            List<Event> events = history.eventsOf(orderId);
            if (!events.isEmpty()) {
                caller.requireActFor(history.customerOf(events).orElse(null));
            }
        }
        cancelling.cancel(orderId);
        return ResponseEntity.accepted().contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("order_id", orderId, "status", "CancelRequested"));
    }

    @GetMapping("/{id}/events")
    public List<EventJson> events(@PathVariable String id) {
        String orderId = orderId(id);
        List<Event> events = history.eventsOf(orderId);
        if (events.isEmpty()) {
            throw new OrderNotFoundException(orderId);
        }
        callers.current().requireActFor(history.customerOf(events).orElse(null));
        return events.stream().map(event -> EventJson.from(event, json)).toList();
    }

    /** The customer on the order's created event, or null (then only an operator may see it). */
    private static String placedBy(List<RecordedEvent> events) {
        return events.stream().filter(e -> e.order() != null).map(e -> e.order().customerId()).findFirst()
                .orElse(null);
    }

    /** Order ids are UUIDs in canonical lower case, as this service writes them. */
    private static String orderId(String id) {
        if (!UUID_TEXT.matcher(id).matches()) {
            throw InvalidRequestException.of("id", "must be a UUID");
        }
        return id.toLowerCase(Locale.ROOT);
    }

    private static int intParam(String name, String value, int fallback, int min, int max, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(new FieldError(name, "must be an integer from " + min + " to " + max));
        return fallback;
    }
}
