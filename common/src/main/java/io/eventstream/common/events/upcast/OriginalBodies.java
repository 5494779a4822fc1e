package io.eventstream.common.events.upcast;

import io.eventstream.common.events.MalformedEventException;
import io.eventstream.common.events.OrderEventKind;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Version 1 to 2: a body as the original Go services wrote it (or this port before versions)
 * into the form this port writes now, so that an order replays the same whoever wrote it:
 *
 * <ul>
 *   <li><b>Field names</b> are matched as the original's Go readers match them
 *       ({@code encoding/json}: an exact name first, else any casing, e.g. {@code orderid} or
 *       {@code orderId} for {@code OrderID}) and renamed to this port's. Two spellings of one
 *       field say two things: malformed.</li>
 *   <li><b>created's amount</b>: the original sums the lines in float64 and writes {@code 21}
 *       (or {@code 0.30000000000000004}); when that is the lines' exact sum up to float64's
 *       rounding, it becomes the exact sum at the prices' scale, as order-service writes it
 *       ({@code 21.0}, {@code 0.3}). An amount the lines do not explain is kept as written.</li>
 *   <li><b>created's created_on</b>: the original writes nanoseconds and a local offset; it
 *       becomes UTC in microseconds, as order-service writes it, rounded as the databases round
 *       a finer time (so the fold shows what the read model stores).</li>
 *   <li><b>approved</b>: the original stores NULL (read as empty); a JSON {@code null} or an
 *       object becomes empty too.</li>
 *   <li><b>paymentdebited without RestaurantID</b> stays without it: one body cannot know the
 *       order's restaurant, and readers that need it read the order's created event.</li>
 * </ul>
 *
 * A body that is not a JSON object is left as it is: common's {@code EventBodies} then says why
 * it is malformed, as for any version.
 */
final class OriginalBodies implements Upcaster {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JsonNodeFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private static final List<String> CREATED = List.of("order_id", "customer_id", "status", "created_on",
            "restaurant_id", "amount", "order_items");
    private static final List<String> ITEM = List.of("code", "name", "unit_price", "quantity");
    private static final List<String> PAYMENT = List.of("OrderID", "CustomerID", "Amount", "RestaurantID", "Reason");
    private static final List<String> REASON = List.of("OrderID", "Reason");

    /** float64 keeps 15 significant digits; a sum of a few lines is off by far less than this. */
    private static final BigDecimal FLOAT_ROUNDING = new BigDecimal("1E-9");
    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);

    @Override
    public int from() {
        return SchemaVersions.ORIGINAL;
    }

    @Override
    public byte[] upcast(OrderEventKind kind, byte[] body) {
        if (kind == OrderEventKind.APPROVED) {
            return approved(body);
        }
        JsonNode root = tree(body);
        if (root == null || !root.isObject()) {
            return body;
        }
        ObjectNode object = (ObjectNode) root;
        switch (kind) {
            case CREATED -> created(object);
            case PAYMENT_DEBITED, PAYMENT_FAILED, PAYMENT_REFUNDED -> canonicalNames(object, PAYMENT, kind.suffix());
            default -> canonicalNames(object, REASON, kind.suffix());
        }
        return JSON.writeValueAsBytes(object);
    }

    private static byte[] approved(byte[] body) {
        JsonNode root = tree(body);
        return root != null && (root.isNull() || root.isObject()) ? new byte[0] : body;
    }

    private static void created(ObjectNode order) {
        canonicalNames(order, CREATED, "created");
        JsonNode items = order.get("order_items");
        if (items != null && items.isArray()) {
            for (JsonNode item : items) {
                if (item.isObject()) {
                    canonicalNames((ObjectNode) item, ITEM, "an order item");
                }
            }
        }
        BigDecimal sum = linesSum(items);
        JsonNode amount = order.get("amount");
        if (sum != null && amount != null && amount.isNumber()
                && amount.decimalValue().subtract(sum).abs().compareTo(FLOAT_ROUNDING) <= 0) {
            order.put("amount", sum);
        }
        JsonNode createdOn = order.get("created_on");
        if (createdOn != null && createdOn.isString()) {
            try {
                order.put("created_on", DateTimeFormatter.ISO_INSTANT.format(
                        toMicros(OffsetDateTime.parse(createdOn.stringValue()).toInstant())));
            } catch (DateTimeParseException e) {
                // left as written: EventBodies says it is malformed
            }
        }
    }

    /**
     * To the nearest microsecond, halves to even: as PostgreSQL and CockroachDB store a finer time
     * (so the read model, which stored the original's text, and the fold show the same instant).
     */
    static Instant toMicros(Instant at) {
        long micros = BigDecimal.valueOf(at.getNano()).divide(THOUSAND, 0, RoundingMode.HALF_EVEN).longValue();
        return Instant.ofEpochSecond(at.getEpochSecond()).plus(micros, ChronoUnit.MICROS);
    }

    /** The exact sum of unit_price x quantity, as order-service sums it; null when a line cannot say. */
    private static BigDecimal linesSum(JsonNode items) {
        if (items == null || !items.isArray()) {
            return null;
        }
        BigDecimal sum = BigDecimal.ZERO;
        for (JsonNode item : items) {
            JsonNode price = item.get("unit_price");
            JsonNode quantity = item.get("quantity");
            if (price == null || !price.isNumber() || quantity == null || !quantity.isIntegralNumber()) {
                return null;
            }
            sum = sum.add(price.decimalValue().multiply(quantity.decimalValue()));
        }
        return sum;
    }

    /** Renames each field spelled in another casing to this port's name, as Go's decoder matches it. */
    private static void canonicalNames(ObjectNode node, List<String> names, String what) {
        for (String name : names) {
            if (node.has(name)) {
                continue; // Go prefers the exact name
            }
            List<String> spellings = new ArrayList<>();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (field.getKey().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                    spellings.add(field.getKey());
                }
            }
            if (spellings.size() > 1) {
                throw new MalformedEventException(what + " body names " + name + " twice: " + spellings);
            }
            if (spellings.size() == 1) {
                node.set(name, node.remove(spellings.get(0)));
            }
        }
    }

    private static JsonNode tree(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (JacksonException e) {
            return null; // not JSON: EventBodies says so
        }
    }
}
