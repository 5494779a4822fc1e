package io.eventstream.review.messaging;

import io.eventstream.review.approval.InvalidPaymentException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads the order id of a {@code <stream>.paymentdebited} body: {@code {"OrderID":"…","CustomerID":"…","Amount":21}}. */
public final class PaymentDebitedJson {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private PaymentDebitedJson() {
    }

    /** The OrderID of the body, or null when the body has none. */
    public static String orderId(byte[] body) {
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
        if (id == null || id.isNull()) {
            return null;
        }
        if (!id.isString()) {
            throw new InvalidPaymentException("OrderID is not a string");
        }
        return id.stringValue();
    }
}
