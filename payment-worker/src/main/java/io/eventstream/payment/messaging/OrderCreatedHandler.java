package io.eventstream.payment.messaging;

import io.eventstream.common.consumer.BatchEventHandler;
import io.eventstream.common.consumer.EventSpans;
import io.eventstream.common.consumer.PoisonMessageException;
import io.eventstream.common.consumer.ReceivedEvent;
import io.eventstream.common.events.EventOrder;
import io.eventstream.common.events.OrderCreated;
import io.eventstream.common.events.json.EventBodies;
import io.eventstream.common.events.upcast.EventBodyReader;
import io.eventstream.payment.debit.InvalidOrderException;
import io.eventstream.payment.debit.OrderToPay;
import io.eventstream.payment.debit.PaymentRequest;
import io.eventstream.payment.debit.PaymentService;
import java.util.List;

/**
 * Pays for each created order. Redeliveries are harmless: the payment event has an id
 * derived from the order id, so recording it again is an idempotent duplicate.
 * A body that does not parse is poison (common's one rule, {@link EventBodies}), and so is
 * an order that can never be paid; anything else that fails (the event store is down) is
 * thrown as is and retried.
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
            payments.pay(order(event), event.causationId());
        } catch (InvalidOrderException e) {
            throw new PoisonMessageException(e.getMessage(), e);
        }
    }

    @Override
    public void handleAll(List<ReceivedEvent> events, EventSpans spans) throws Exception {
        List<PaymentRequest> requests = events.stream()
                .map(event -> new PaymentRequest(order(event), event.causationId()))
                .toList();
        payments.payAll(requests, (index, work) -> spans.run(events.get(index), () -> {
            work.run();
            return null;
        }));
    }

    private static OrderToPay order(ReceivedEvent event) {
        OrderCreated created = EventBodyReader.created(event.schemaVersion(), event.data());
        EventOrder.resolve(event.aggregateId(), created); // a body about another order is poison
        return new OrderToPay(created.orderId(), created.customerId(), created.amount(), created.restaurantId());
    }
}
