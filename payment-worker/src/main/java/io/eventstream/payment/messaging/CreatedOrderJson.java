package io.eventstream.payment.messaging;

import io.eventstream.payment.debit.InvalidOrderException;
import io.eventstream.payment.debit.OrderToPay;
import java.math.BigDecimal;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the body of a {@code <stream>.created} event: the order JSON of the contract
 * (snake_case: order_id, customer_id, restaurant_id, amount, order_items, status, created_on).
 * Only what the payment needs is read; the amount is read exactly, as a decimal.
 */
public final class CreatedOrderJson {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private CreatedOrderJson() {
    }

    public static OrderToPay parse(byte[] body) {
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw new InvalidOrderException("created event body is not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidOrderException("created event body is not a JSON object");
        }
        return new OrderToPay(text(root, "order_id"), text(root, "customer_id"), amount(root), restaurant(root));
    }

    private static String text(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isString()) {
            throw new InvalidOrderException(field + " is not a string");
        }
        return node.stringValue();
    }

    /** Passed on, never needed to pay: anything but a string is no restaurant. */
    private static String restaurant(JsonNode root) {
        JsonNode node = root.get("restaurant_id");
        return node != null && node.isString() ? node.stringValue() : null;
    }

    private static BigDecimal amount(JsonNode root) {
        JsonNode node = root.get("amount");
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isNumber()) {
            throw new InvalidOrderException("amount is not a number");
        }
        return node.decimalValue();
    }
}
