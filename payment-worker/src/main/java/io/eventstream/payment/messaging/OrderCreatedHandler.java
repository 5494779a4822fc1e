package io.eventstream.payment.messaging;

import io.eventstream.common.consumer.BatchEventHandler;
import io.eventstream.common.consumer.EventSpans;
import io.eventstream.common.consumer.PoisonMessageException;
import io.eventstream.common.consumer.ReceivedEvent;
import io.eventstream.common.events.EventHeaders;
import io.eventstream.payment.debit.InvalidOrderException;
import io.eventstream.payment.debit.OrderToPay;
import io.eventstream.payment.debit.PaymentRequest;
import io.eventstream.payment.debit.PaymentService;
import java.util.List;

/**
 * Pays for each created order. Redeliveries are harmless: the payment event has an id
 * derived from the order id, so recording it again is an idempotent duplicate.
 * A body that can never be paid is poison; anything else that fails (the event store
 * is down) is thrown as is and retried.
 *
 * <p>In batches: the orders are debited in one transaction and their events appended
 * together, each in its event's consume span. A batch with an event that can never be paid
 * throws before anything is debited; the consumer then handles each event alone, so only that
 * one is dead-lettered.
 */
public class OrderCreatedHandler implements BatchEventHandler {

    private final PaymentService payments;

    public OrderCreatedHandler(PaymentService payments) {
        this.payments = payments;
    }

    @Override
    public void handle(ReceivedEvent event) {
        try {
            payments.pay(order(event), causationId(event));
        } catch (InvalidOrderException e) {
            throw new PoisonMessageException(e.getMessage(), e);
        }
    }

    @Override
    public void handleAll(List<ReceivedEvent> events, EventSpans spans) throws Exception {
        List<PaymentRequest> requests = events.stream()
                .map(event -> new PaymentRequest(order(event), causationId(event)))
                .toList();
        payments.payAll(requests, (index, work) -> spans.run(events.get(index), () -> {
            work.run();
            return null;
        }));
    }

    private static OrderToPay order(ReceivedEvent event) {
        OrderToPay order = CreatedOrderJson.parse(event.data());
        if (event.aggregateId() != null && order.orderId() != null && !event.aggregateId().equals(order.orderId())) {
            throw new InvalidOrderException("order_id " + order.orderId() + " differs from the event's aggregate "
                    + event.aggregateId());
        }
        return order;
    }

    /** The created event's id: the Event-Id header if the store sets it, else the message id (the same id). */
    static String causationId(ReceivedEvent event) {
        String id = event.header(EventHeaders.EVENT_ID);
        return id != null && !id.isBlank() ? id : event.eventId();
    }
}
