package io.eventstream.orders.http;

import io.eventstream.orders.order.NewOrder;
import io.eventstream.orders.order.OrderItem;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Turns the JSON of {@code POST /api/orders} into a {@link NewOrder}, collecting every
 * offending field rather than stopping at the first. Works on the tree, not on data
 * binding, so a wrong type in one field does not hide the errors of the others.
 *
 * <p>Unknown fields are ignored: clients of the original may send more than the contract names.
 */
public final class OrderRequestParser {

    /** Largest value that fits the read model's DECIMAL(14, 2). */
    static final BigDecimal MAX_MONEY = new BigDecimal("999999999999.99");
    /** Fits the read model's INT column with room to spare; no kitchen cooks more. */
    static final int MAX_QUANTITY = 1_000_000;
    static final int MAX_ID_LENGTH = 200;
    static final int MAX_TEXT_LENGTH = 500;

    private final int maxItems;

    public OrderRequestParser(int maxItems) {
        this.maxItems = maxItems;
    }

    public NewOrder parse(JsonNode body, List<FieldError> errors) {
        if (body == null || !body.isObject()) {
            errors.add(new FieldError("body", "must be a JSON object"));
            throw new InvalidRequestException(errors);
        }
        String customerId = text(body, "customer_id", MAX_ID_LENGTH, errors);
        String restaurantId = text(body, "restaurant_id", MAX_ID_LENGTH, errors);
        List<OrderItem> items = items(body.get("order_items"), errors);
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        BigDecimal amount = items.stream().map(OrderItem::lineTotal).reduce(BigDecimal.ZERO, BigDecimal::add);
        if (amount.compareTo(MAX_MONEY) > 0) {
            throw InvalidRequestException.of("order_items", "total amount must be at most " + MAX_MONEY);
        }
        return new NewOrder(customerId, restaurantId, items);
    }

    private List<OrderItem> items(JsonNode node, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            errors.add(new FieldError("order_items", "is required"));
            return List.of();
        }
        if (!node.isArray()) {
            errors.add(new FieldError("order_items", "must be an array"));
            return List.of();
        }
        if (node.isEmpty()) {
            errors.add(new FieldError("order_items", "must have at least one item"));
            return List.of();
        }
        if (node.size() > maxItems) {
            errors.add(new FieldError("order_items", "must have at most " + maxItems + " items"));
            return List.of();
        }
        List<OrderItem> items = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            item(node.get(i), "order_items[" + i + "]", errors).ifPresent(items::add);
        }
        return items;
    }

    private Optional<OrderItem> item(JsonNode node, String path, List<FieldError> errors) {
        if (node == null || !node.isObject()) {
            errors.add(new FieldError(path, "must be an object"));
            return Optional.empty();
        }
        int before = errors.size();
        String code = text(node, path, "code", MAX_ID_LENGTH, errors);
        String name = text(node, path, "name", MAX_TEXT_LENGTH, errors);
        BigDecimal unitPrice = unitPrice(node.get("unit_price"), path + ".unit_price", errors);
        int quantity = quantity(node.get("quantity"), path + ".quantity", errors);
        if (errors.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new OrderItem(code, name, unitPrice, quantity));
    }

    private static String text(JsonNode parent, String field, int maxLength, List<FieldError> errors) {
        return text(parent, null, field, maxLength, errors);
    }

    private static String text(JsonNode parent, String prefix, String field, int maxLength, List<FieldError> errors) {
        String path = prefix == null ? field : prefix + "." + field;
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            errors.add(new FieldError(path, "is required"));
            return null;
        }
        if (!node.isString()) {
            errors.add(new FieldError(path, "must be a string"));
            return null;
        }
        String value = node.stringValue();
        if (value.isBlank()) {
            errors.add(new FieldError(path, "must not be blank"));
            return null;
        }
        if (value.length() > maxLength) {
            errors.add(new FieldError(path, "must be at most " + maxLength + " characters"));
            return null;
        }
        // The event store refuses NUL (JSONB cannot hold it), and a lone surrogate has no UTF-8:
        // it would be stored as '?'. Both are client bugs, not names.
        if (value.chars().anyMatch(Character::isISOControl)) {
            errors.add(new FieldError(path, "must not contain control characters"));
            return null;
        }
        if (value.codePoints().anyMatch(c -> c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE)) {
            errors.add(new FieldError(path, "must be valid Unicode (no unpaired surrogates)"));
            return null;
        }
        return value;
    }

    private static BigDecimal unitPrice(JsonNode node, String path, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            errors.add(new FieldError(path, "is required"));
            return null;
        }
        if (!node.isNumber()) {
            errors.add(new FieldError(path, "must be a number"));
            return null;
        }
        BigDecimal price = node.decimalValue();
        if (price.signum() < 0) {
            errors.add(new FieldError(path, "must not be negative"));
            return null;
        }
        // 10.50 and 10.500 are both cents; 10.505 is not.
        if (price.stripTrailingZeros().scale() > 2) {
            errors.add(new FieldError(path, "must have at most 2 decimals"));
            return null;
        }
        if (price.compareTo(MAX_MONEY) > 0) {
            errors.add(new FieldError(path, "must be at most " + MAX_MONEY));
            return null;
        }
        return price;
    }

    private static int quantity(JsonNode node, String path, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            errors.add(new FieldError(path, "is required"));
            return 0;
        }
        // Floats are read as decimals, so 2.0 and 2.5 land here too: a quantity is counted, not measured.
        if (!node.isIntegralNumber()) {
            errors.add(new FieldError(path, "must be an integer"));
            return 0;
        }
        if (!node.canConvertToInt() || node.intValue() > MAX_QUANTITY) {
            errors.add(new FieldError(path, node.bigIntegerValue().signum() < 0
                    ? "must be at least 1" : "must be at most " + MAX_QUANTITY));
            return 0;
        }
        if (node.intValue() < 1) {
            errors.add(new FieldError(path, "must be at least 1"));
            return 0;
        }
        return node.intValue();
    }
}
