package io.eventstream.querymodel.messaging;

import io.eventstream.querymodel.projection.InvalidEventException;
import io.eventstream.querymodel.projection.OrderDetails;
import io.eventstream.querymodel.projection.OrderLine;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads event bodies: the created event's order JSON of the contract (snake_case: order_id,
 * customer_id, restaurant_id, amount, order_items[code, name, unit_price, quantity],
 * status, created_on as RFC 3339) and the paymentdebited body's OrderID. Anything the read
 * model could not store (a missing item name, an amount beyond DECIMAL(14,2)) is rejected
 * here, so a bad event is dead-lettered instead of failing in the database for ever.
 */
public final class OrderJson {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final BigDecimal MAX_MONEY = new BigDecimal("1000000000000"); // DECIMAL(14, 2)

    private OrderJson() {
    }

    /** The order id and details of a created event's body. */
    public static CreatedOrder created(byte[] body) {
        JsonNode root = object(body, "created");
        String orderId = text(root, "order_id");
        if (orderId == null || orderId.isBlank()) {
            throw new InvalidEventException("created event has no order_id");
        }
        JsonNode items = root.get("order_items");
        List<OrderLine> lines = new ArrayList<>();
        if (items != null && !items.isNull()) {
            if (!items.isArray()) {
                throw new InvalidEventException("order_items is not an array");
            }
            for (JsonNode item : items) {
                lines.add(line(item));
            }
        }
        return new CreatedOrder(orderId, new OrderDetails(text(root, "customer_id"), text(root, "restaurant_id"),
                money(root, "amount", false), timestamp(root, "created_on"), lines));
    }

    /** The OrderID of a paymentdebited body, or null when it has none. */
    /**
     * The {@code Reason} of a saga event body ({@code {"OrderID":"…","Reason":"…"}}), or null.
     * Lenient: a body without one (paymentdebited, or unreadable) still moves the status.
     */
    public static String reason(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            JsonNode root = MAPPER.readTree(body);
            return root != null && root.path("Reason").isString() ? root.get("Reason").stringValue() : null;
        } catch (JacksonException e) {
            return null;
        }
    }

    public static String paymentOrderId(byte[] body) {
        return text(object(body, "paymentdebited"), "OrderID");
    }

    private static JsonNode object(byte[] body, String what) {
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw new InvalidEventException(what + " event body is not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidEventException(what + " event body is not a JSON object");
        }
        return root;
    }

    private static OrderLine line(JsonNode item) {
        if (!item.isObject()) {
            throw new InvalidEventException("an order item is not an object");
        }
        String code = text(item, "code");
        String name = text(item, "name");
        if (code == null || name == null) {
            throw new InvalidEventException("an order item has no code or name");
        }
        JsonNode quantity = item.get("quantity");
        if (quantity == null || !quantity.isIntegralNumber() || !quantity.canConvertToInt() || quantity.intValue() < 0) {
            throw new InvalidEventException("order item " + code + " has no valid quantity");
        }
        return new OrderLine(code, name, money(item, "unit_price", true), quantity.intValue());
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw new InvalidEventException(field + " is not a string");
        }
        return value.stringValue();
    }

    private static BigDecimal money(JsonNode node, String field, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new InvalidEventException(field + " is missing");
            }
            return null;
        }
        if (!value.isNumber()) {
            throw new InvalidEventException(field + " is not a number");
        }
        BigDecimal amount = value.decimalValue();
        if (amount.signum() < 0 || amount.abs().compareTo(MAX_MONEY) >= 0) {
            throw new InvalidEventException(field + " is out of range: " + amount);
        }
        return amount;
    }

    private static OffsetDateTime timestamp(JsonNode node, String field) {
        String text = text(node, field);
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidEventException(field + " is not an RFC 3339 timestamp: " + text);
        }
    }

    /** A created event's body: the order id and the rest. */
    public record CreatedOrder(String orderId, OrderDetails details) {
    }
}
