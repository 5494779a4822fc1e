package io.eventstream.payment.messaging;

import io.eventstream.common.consumer.EventHandler;
import io.eventstream.common.consumer.PoisonMessageException;
import io.eventstream.common.consumer.ReceivedEvent;
import io.eventstream.common.events.EventHeaders;
import io.eventstream.payment.debit.InvalidOrderException;
import io.eventstream.payment.debit.OrderToPay;
import io.eventstream.payment.debit.PaymentService;

/**
 * Pays for each created order. Redeliveries are harmless: the payment event has an id
 * derived from the order id, so recording it again is an idempotent duplicate.
 * A body that can never be paid is poison; anything else that fails (the event store
 * is down) is thrown as is and retried.
 */
public class OrderCreatedHandler implements EventHandler {

    private final PaymentService payments;

    public OrderCreatedHandler(PaymentService payments) {
        this.payments = payments;
    }

    @Override
    public void handle(ReceivedEvent event) {
        try {
            OrderToPay order = CreatedOrderJson.parse(event.data());
            if (event.aggregateId() != null && order.orderId() != null && !event.aggregateId().equals(order.orderId())) {
                throw new InvalidOrderException("order_id " + order.orderId() + " differs from the event's aggregate "
                        + event.aggregateId());
            }
            payments.pay(order, causationId(event));
        } catch (InvalidOrderException e) {
            throw new PoisonMessageException(e.getMessage(), e);
        }
    }

    /** The created event's id: the Event-Id header if the store sets it, else the message id (the same id). */
    static String causationId(ReceivedEvent event) {
        String id = event.header(EventHeaders.EVENT_ID);
        return id != null && !id.isBlank() ? id : event.eventId();
    }
}
