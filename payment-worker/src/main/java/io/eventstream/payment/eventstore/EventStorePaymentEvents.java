package io.eventstream.payment.eventstore;

import io.eventstream.common.events.EventHeaders;
import io.eventstream.common.events.OrderEventTypes;
import io.eventstream.common.eventstore.IdempotentAppender;
import io.eventstream.payment.debit.PaymentDebited;
import io.eventstream.payment.debit.PaymentEvents;
import io.eventstream.proto.eventstore.Event;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Records payments as {@code <stream>.paymentdebited} events in the event store. */
public class EventStorePaymentEvents implements PaymentEvents {

    private final IdempotentAppender appender;
    private final OrderEventTypes types;

    public EventStorePaymentEvents(IdempotentAppender appender, OrderEventTypes types) {
        this.appender = appender;
        this.types = types;
    }

    /** One payment per order: the same id for every attempt, so the store keeps one event. */
    public static String paymentDebitedId(String orderId) {
        return UUID.nameUUIDFromBytes(("paymentdebited:" + orderId).getBytes(StandardCharsets.UTF_8)).toString();
    }

    @Override
    public void paymentDebited(PaymentDebited debited, String causationId) {
        Event.Builder event = Event.newBuilder()
                .setEventId(paymentDebitedId(debited.orderId()))
                .setEventType(types.paymentDebited())
                .setAggregateId(debited.orderId())
                .setAggregateType(OrderEventTypes.AGGREGATE_TYPE)
                .setEventData(PaymentDebitedJson.render(debited))
                .setStream(types.stream())
                .putMetadata(EventHeaders.CORRELATION_ID, debited.orderId());
        if (causationId != null && !causationId.isBlank()) {
            event.putMetadata(EventHeaders.CAUSATION_ID, causationId);
        }
        appender.append(event.build());
    }
}
