package io.eventstream.payment.eventstore;

import io.eventstream.payment.debit.PaymentDebited;
import io.eventstream.payment.debit.PaymentFailed;
import io.eventstream.payment.debit.PaymentRefunded;
import java.io.StringWriter;
import java.math.BigDecimal;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * The bodies of the payment events. {@code <stream>.paymentdebited} exactly as the original
 * writes it: {@code {"OrderID":"…","CustomerID":"…","Amount":21}} (Go's default field names,
 * in this order). The amount is a JSON number without trailing zeros, as Go prints a float64:
 * 21, 21.5. paymentdebited then adds {@code "RestaurantID"} when the order has one (an
 * additive field: the original's readers ignore it; the review judges the order from it).
 * paymentfailed adds {@code "Reason"}; paymentrefunded has the debited fields without the
 * restaurant. The text is deterministic, so a repeated write is an exact duplicate.
 */
public final class PaymentJson {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private PaymentJson() {
    }

    public static String render(PaymentDebited debited) {
        return write(debited.orderId(), debited.customerId(), debited.amount(), debited.restaurantId(), null);
    }

    public static String render(PaymentFailed failed) {
        return write(failed.orderId(), failed.customerId(), failed.amount(), null, failed.reason());
    }

    public static String render(PaymentRefunded refunded) {
        return write(refunded.orderId(), refunded.customerId(), refunded.amount(), null, null);
    }

    private static String write(String orderId, String customerId, BigDecimal amount, String restaurantId,
                                String reason) {
        StringWriter out = new StringWriter();
        try (JsonGenerator gen = MAPPER.createGenerator(out)) {
            gen.writeStartObject();
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
            gen.writeEndObject();
        }
        return out.toString();
    }
}
