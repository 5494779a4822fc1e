package io.eventstream.payment.eventstore;

import io.eventstream.common.events.EventHeaders;
import io.eventstream.common.events.OrderEventTypes;
import io.eventstream.common.consumer.PoisonMessageException;
import io.eventstream.common.eventstore.EventStoreClient;
import io.eventstream.common.eventstore.IdempotentAppender;
import io.eventstream.payment.debit.PaymentDebited;
import io.eventstream.payment.debit.PaymentEvents;
import io.eventstream.payment.debit.PaymentFailed;
import io.eventstream.payment.debit.PaymentRefunded;
import io.eventstream.proto.eventstore.Event;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Records payments as {@code <stream>.paymentdebited}, {@code .paymentfailed} and
 * {@code .paymentrefunded} events. Each has an id derived from the order: one debit outcome
 * and one refund per order, however often they are written.
 */
public class EventStorePaymentEvents implements PaymentEvents {

    private final EventStoreClient store;
    private final IdempotentAppender appender;
    private final OrderEventTypes types;

    public EventStorePaymentEvents(EventStoreClient store, OrderEventTypes types) {
        this.store = store;
        this.appender = new IdempotentAppender(store);
        this.types = types;
    }

    /** One payment per order: the same id for every attempt, so the store keeps one event. */
    public static String paymentDebitedId(String orderId) {
        return idOf("paymentdebited", orderId);
    }

    public static String paymentFailedId(String orderId) {
        return idOf("paymentfailed", orderId);
    }

    public static String paymentRefundedId(String orderId) {
        return idOf("paymentrefunded", orderId);
    }

    @Override
    public void paymentDebited(PaymentDebited debited, String causationId) {
        String id = paymentDebitedId(debited.orderId());
        try {
            append(id, types.paymentDebited(), debited.orderId(), PaymentJson.render(debited), causationId);
        } catch (PoisonMessageException e) {
            if (!storedWithoutRestaurant(id, debited)) {
                throw e;
            }
        }
    }

    /**
     * A debit stored before paymentdebited carried the restaurant (by an older worker, then the
     * created event came again) has the same effect: the same body without {@code RestaurantID}.
     */
    private boolean storedWithoutRestaurant(String id, PaymentDebited debited) {
        if (debited.restaurantId() == null) {
            return false;
        }
        String older = PaymentJson.render(new PaymentDebited(debited.orderId(), debited.customerId(), debited.amount()));
        return store.event(id).filter(e -> e.getEventType().equals(types.paymentDebited())
                && e.getAggregateId().equals(debited.orderId()) && e.getEventData().equals(older)).isPresent();
    }

    @Override
    public void paymentFailed(PaymentFailed failed, String causationId) {
        append(paymentFailedId(failed.orderId()), types.paymentFailed(), failed.orderId(),
                PaymentJson.render(failed), causationId);
    }

    @Override
    public void paymentRefunded(PaymentRefunded refunded, String causationId) {
        append(paymentRefundedId(refunded.orderId()), types.paymentRefunded(), refunded.orderId(),
                PaymentJson.render(refunded), causationId);
    }

    private void append(String eventId, String type, String orderId, String data, String causationId) {
        Event.Builder event = Event.newBuilder()
                .setEventId(eventId)
                .setEventType(type)
                .setAggregateId(orderId)
                .setAggregateType(OrderEventTypes.AGGREGATE_TYPE)
                .setEventData(data)
                .setStream(types.stream())
                .putMetadata(EventHeaders.CORRELATION_ID, orderId);
        if (causationId != null && !causationId.isBlank()) {
            event.putMetadata(EventHeaders.CAUSATION_ID, causationId);
        }
        appender.append(event.build());
    }

    private static String idOf(String effect, String orderId) {
        return UUID.nameUUIDFromBytes((effect + ":" + orderId).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
