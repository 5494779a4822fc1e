package io.eventstream.saga.events;

import io.eventstream.common.events.OrderEventTypes;
import io.eventstream.saga.process.Step;
import java.math.BigDecimal;
import java.time.Instant;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads an order event as a {@link Step}, the same way whether it was read from the event
 * store or received from NATS (the message body is the event_data byte for byte): the kind
 * from the type, the reason, customer and amount from the body.
 */
public final class StepReader {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    private final OrderEventTypes types;

    public StepReader(OrderEventTypes types) {
        this.types = types;
    }

    /** A type the saga does not know gives a step without a kind: it still holds its version. */
    public Step read(String eventType, long version, String data, Instant at) {
        Step.Kind kind = Step.Kind.ofSuffix(types.shortName(eventType));
        if (kind == null) {
            return new Step(null, version, null, null, null, at);
        }
        JsonNode body = parse(data);
        return new Step(kind, version, text(body, "Reason"),
                text(body, kind == Step.Kind.CREATED ? "customer_id" : "CustomerID"),
                decimal(body, kind == Step.Kind.CREATED ? "amount" : "Amount"), at);
    }

    /** Bodies the saga cannot read still count as the event they are; only their details are missing. */
    private static JsonNode parse(String data) {
        if (data == null || data.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(data);
        } catch (JacksonException e) {
            return null;
        }
    }

    private static String text(JsonNode body, String field) {
        return body != null && body.path(field).isString() ? body.get(field).stringValue() : null;
    }

    private static BigDecimal decimal(JsonNode body, String field) {
        return body != null && body.path(field).isNumber() ? body.get(field).decimalValue() : null;
    }
}
