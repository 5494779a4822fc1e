package io.eventstream.common.events.json;

import io.eventstream.common.events.Approved;
import io.eventstream.common.events.MalformedEventException;
import io.eventstream.common.events.OrderCreated;
import io.eventstream.common.events.OrderEventBody;
import io.eventstream.common.events.OrderEventKind;
import io.eventstream.common.events.OrderReason;
import io.eventstream.common.events.PaymentDebited;
import io.eventstream.common.events.PaymentFailed;
import io.eventstream.common.events.PaymentRefunded;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON codec of the order events' bodies (docs/contract.md, "Event bodies"): the one place
 * that writes and reads them. Writing is deterministic (fixed field order, fixed number form),
 * so an effect written again is a byte-for-byte duplicate. Reading follows one rule: a body that
 * does not parse as its type's contract says throws {@link MalformedEventException} (poison,
 * dead-lettered), never a default. Absent or null optional fields read as null; a field of the
 * wrong type, a duplicated key or trailing data are malformed; unknown fields are ignored (the
 * contract grows by adding fields).
 */
public final class EventBodies {

    private static final JsonMapper WRITER = JsonMapper.builder().build();
    private static final JsonMapper READER = JsonMapper.builder()
            // Money is read exactly, as written: never through a double, 21.0 stays 21.0.
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JsonNodeFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // {"Amount":1,"Amount":1000} says two things: which one would be a guess.
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private EventBodies() {
    }

    // ---- writing ----------------------------------------------------------------------------

    /** The event_data of a body; "" for {@link Approved}. */
    public static String encode(OrderEventBody body) {
        // Java 17: no pattern switch; the interface is sealed, so this list is complete.
        if (body instanceof OrderCreated created) {
            return created(created);
        }
        if (body instanceof PaymentDebited debited) {
            return payment(debited.orderId(), debited.customerId(), debited.amount(), debited.restaurantId(), null);
        }
        if (body instanceof PaymentFailed failed) {
            return payment(failed.orderId(), failed.customerId(), failed.amount(), null, failed.reason());
        }
        if (body instanceof PaymentRefunded refunded) {
            return payment(refunded.orderId(), refunded.customerId(), refunded.amount(), null, null);
        }
        if (body instanceof OrderReason reason) {
            return write(gen -> {
                gen.writeStringProperty("OrderID", reason.orderId());
                gen.writeStringProperty("Reason", reason.reason());
            });
        }
        if (body instanceof Approved) {
            return "";
        }
        throw new IllegalArgumentException("not an order event body: " + body);
    }

    private static String created(OrderCreated order) {
        return write(gen -> {
            gen.writeStringProperty("order_id", order.orderId());
            gen.writeStringProperty("customer_id", order.customerId());
            gen.writeStringProperty("status", order.status());
            // ISO_INSTANT: UTC, "Z", fraction only as long as needed, as Jackson writes an Instant.
            gen.writeStringProperty("created_on",
                    order.createdOn() == null ? null : DateTimeFormatter.ISO_INSTANT.format(order.createdOn()));
            gen.writeStringProperty("restaurant_id", order.restaurantId());
            gen.writeName("amount");
            decimal(gen, order.amount());
            gen.writeName("order_items");
            gen.writeStartArray();
            for (OrderCreated.Item item : order.items()) {
                gen.writeStartObject();
                gen.writeStringProperty("code", item.code());
                gen.writeStringProperty("name", item.name());
                gen.writeName("unit_price");
                decimal(gen, item.unitPrice());
                gen.writeNumberProperty("quantity", item.quantity());
                gen.writeEndObject();
            }
            gen.writeEndArray();
        });
    }

    /** Go's names; the amount as Go prints a float64: 21, 21.5, 0.1 (no trailing zeros, no exponent). */
    private static String payment(String orderId, String customerId, BigDecimal amount, String restaurantId,
                                  String reason) {
        if (amount == null) {
            throw new IllegalArgumentException("a payment body needs the amount");
        }
        return write(gen -> {
            gen.writeStringProperty("OrderID", orderId);
            gen.writeStringProperty("CustomerID", customerId);
            gen.writeName("Amount");
            gen.writeNumber(amount.stripTrailingZeros().toPlainString());
            if (restaurantId != null) {
                gen.writeStringProperty("RestaurantID", restaurantId);
            }
            if (reason != null) {
                gen.writeStringProperty("Reason", reason);
            }
        });
    }

    private static void decimal(JsonGenerator gen, BigDecimal value) {
        if (value == null) {
            gen.writeNull();
        } else {
            gen.writeNumber(value);
        }
    }

    private interface Fields {
        void write(JsonGenerator gen);
    }

    private static String write(Fields fields) {
        StringWriter out = new StringWriter();
        try (JsonGenerator gen = WRITER.createGenerator(out)) {
            gen.writeStartObject();
            fields.write(gen);
            gen.writeEndObject();
        }
        return out.toString();
    }

    // ---- reading ----------------------------------------------------------------------------

    /** The body of an event of {@code kind}. */
    public static OrderEventBody decode(OrderEventKind kind, byte[] body) {
        return switch (kind) {
            case CREATED -> created(body);
            case PAYMENT_DEBITED -> paymentDebited(body);
            case PAYMENT_FAILED -> paymentFailed(body);
            case PAYMENT_REFUNDED -> paymentRefunded(body);
            case APPROVED -> approved(body);
            case REVIEW_REJECTED, REFUND_REQUESTED, CANCEL_REQUESTED, REJECTED, CANCELLED -> reason(kind, body);
        };
    }

    public static OrderEventBody decode(OrderEventKind kind, String body) {
        return decode(kind, bytes(body));
    }

    public static OrderCreated created(byte[] body) {
        JsonNode root = object(body, "created");
        String orderId = text(root, "order_id");
        if (orderId == null || orderId.isBlank()) {
            throw new MalformedEventException("created body has no order_id");
        }
        JsonNode items = root.get("order_items");
        List<OrderCreated.Item> lines = new ArrayList<>();
        if (items != null && !items.isNull()) {
            if (!items.isArray()) {
                throw new MalformedEventException("order_items is not an array");
            }
            for (JsonNode item : items) {
                lines.add(item(item));
            }
        }
        return new OrderCreated(orderId, text(root, "customer_id"), text(root, "status"),
                timestamp(root, "created_on"), text(root, "restaurant_id"), number(root, "amount"), lines);
    }

    public static OrderCreated created(String body) {
        return created(bytes(body));
    }

    public static PaymentDebited paymentDebited(byte[] body) {
        JsonNode root = object(body, "paymentdebited");
        return new PaymentDebited(text(root, "OrderID"), text(root, "CustomerID"), number(root, "Amount"),
                text(root, "RestaurantID"));
    }

    public static PaymentFailed paymentFailed(byte[] body) {
        JsonNode root = object(body, "paymentfailed");
        return new PaymentFailed(text(root, "OrderID"), text(root, "CustomerID"), number(root, "Amount"),
                text(root, "Reason"));
    }

    public static PaymentRefunded paymentRefunded(byte[] body) {
        JsonNode root = object(body, "paymentrefunded");
        return new PaymentRefunded(text(root, "OrderID"), text(root, "CustomerID"), number(root, "Amount"));
    }

    /** Empty, as the original writes it; a JSON object is accepted too (its fields say nothing). */
    public static Approved approved(byte[] body) {
        if (body != null && body.length > 0) {
            object(body, "approved");
        }
        return new Approved();
    }

    public static OrderReason reason(OrderEventKind kind, byte[] body) {
        JsonNode root = object(body, kind.suffix());
        return new OrderReason(text(root, "OrderID"), text(root, "Reason"));
    }

    private static JsonNode object(byte[] body, String what) {
        if (body == null || body.length == 0) {
            throw new MalformedEventException(what + " body is empty");
        }
        JsonNode root;
        try {
            root = READER.readTree(body);
        } catch (JacksonException e) {
            throw new MalformedEventException(what + " body is not JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new MalformedEventException(what + " body is not a JSON object");
        }
        return root;
    }

    private static OrderCreated.Item item(JsonNode item) {
        if (!item.isObject()) {
            throw new MalformedEventException("an order item is not an object");
        }
        String code = text(item, "code");
        String name = text(item, "name");
        if (code == null || name == null) {
            throw new MalformedEventException("an order item has no code or name");
        }
        BigDecimal unitPrice = number(item, "unit_price");
        if (unitPrice == null) {
            throw new MalformedEventException("order item " + code + " has no unit_price");
        }
        JsonNode quantity = item.get("quantity");
        if (quantity == null || !quantity.isIntegralNumber() || !quantity.canConvertToInt()) {
            throw new MalformedEventException("order item " + code + " has no valid quantity");
        }
        return new OrderCreated.Item(code, name, unitPrice, quantity.intValue());
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw new MalformedEventException(field + " is not a string");
        }
        return value.stringValue();
    }

    private static BigDecimal number(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isNumber()) {
            throw new MalformedEventException(field + " is not a number");
        }
        return value.decimalValue();
    }

    /** RFC 3339 with any offset (the original writes its local one); the instant is what counts. */
    private static Instant timestamp(JsonNode node, String field) {
        String text = text(node, field);
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new MalformedEventException(field + " is not an RFC 3339 timestamp: " + text, e);
        }
    }

    private static byte[] bytes(String body) {
        return body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    }
}
