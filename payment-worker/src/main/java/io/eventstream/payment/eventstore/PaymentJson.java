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
 * 21, 21.5. paymentfailed adds {@code "Reason"}; paymentrefunded has the debited fields.
 * The text is deterministic, so a repeated write is an exact duplicate.
 */
public final class PaymentJson {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private PaymentJson() {
    }

    public static String render(PaymentDebited debited) {
        return write(debited.orderId(), debited.customerId(), debited.amount(), null);
    }

    public static String render(PaymentFailed failed) {
        return write(failed.orderId(), failed.customerId(), failed.amount(), failed.reason());
    }

    public static String render(PaymentRefunded refunded) {
        return write(refunded.orderId(), refunded.customerId(), refunded.amount(), null);
    }

    private static String write(String orderId, String customerId, BigDecimal amount, String reason) {
        StringWriter out = new StringWriter();
        try (JsonGenerator gen = MAPPER.createGenerator(out)) {
            gen.writeStartObject();
            gen.writeStringProperty("OrderID", orderId);
            gen.writeStringProperty("CustomerID", customerId);
            gen.writeName("Amount");
            gen.writeNumber(amount.stripTrailingZeros().toPlainString());
            if (reason != null) {
                gen.writeStringProperty("Reason", reason);
            }
            gen.writeEndObject();
        }
        return out.toString();
    }
}
