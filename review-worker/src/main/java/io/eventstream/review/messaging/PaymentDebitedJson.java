package io.eventstream.review.messaging;

import io.eventstream.review.approval.InvalidPaymentException;
import java.math.BigDecimal;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a {@code <stream>.paymentdebited} body: {@code {"OrderID":"…","CustomerID":"…","Amount":21}},
 * plus {@code "RestaurantID"} when our payment worker wrote it.
 *
 * @param orderId      the OrderID, or null when the body has none
 * @param amount       the Amount, or null when it is missing or not a number
 * @param restaurantId the RestaurantID, or null when it is missing or not a string
 */
public record PaymentDebitedJson(String orderId, BigDecimal amount, String restaurantId) {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    public static PaymentDebitedJson parse(byte[] body) {
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw new InvalidPaymentException("paymentdebited body is not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidPaymentException("paymentdebited body is not a JSON object");
        }
        JsonNode id = root.get("OrderID");
        if (id != null && !id.isNull() && !id.isString()) {
            throw new InvalidPaymentException("OrderID is not a string");
        }
        JsonNode amount = root.path("Amount");
        JsonNode restaurant = root.path("RestaurantID");
        return new PaymentDebitedJson(id == null || id.isNull() ? null : id.stringValue(),
                amount.isNumber() ? amount.decimalValue() : null,
                restaurant.isString() ? restaurant.stringValue() : null);
    }

    /** The OrderID of the body, or null when the body has none. */
    public static String orderId(byte[] body) {
        return parse(body).orderId();
    }
}
