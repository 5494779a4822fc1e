package io.eventstream.payment.eventstore;

import io.eventstream.payment.debit.PaymentDebited;
import java.io.StringWriter;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * The body of a {@code <stream>.paymentdebited} event exactly as the original writes it:
 * {@code {"OrderID":"…","CustomerID":"…","Amount":21}} (Go's default field names, in this
 * order). The amount is a JSON number without trailing zeros, as Go prints a float64:
 * 21, 21.5. The text is deterministic, so a repeated write is an exact duplicate.
 */
public final class PaymentDebitedJson {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private PaymentDebitedJson() {
    }

    public static String render(PaymentDebited debited) {
        StringWriter out = new StringWriter();
        try (JsonGenerator gen = MAPPER.createGenerator(out)) {
            gen.writeStartObject();
            gen.writeStringProperty("OrderID", debited.orderId());
            gen.writeStringProperty("CustomerID", debited.customerId());
            gen.writeName("Amount");
            gen.writeNumber(debited.amount().stripTrailingZeros().toPlainString());
            gen.writeEndObject();
        }
        return out.toString();
    }
}
