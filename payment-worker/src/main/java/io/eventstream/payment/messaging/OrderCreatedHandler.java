package io.eventstream.payment.messaging;

import io.eventstream.common.consumer.BatchEventHandler;
import io.eventstream.common.consumer.BatchScope;
import io.eventstream.common.consumer.EventSpans;
import io.eventstream.common.consumer.PoisonMessageException;
import io.eventstream.common.consumer.ReceivedEvent;
import io.eventstream.common.consumer.TakeoverPoint;
import io.eventstream.common.events.EventOrder;
import io.eventstream.common.events.OrderCreated;
import io.eventstream.common.events.json.EventBodies;
import io.eventstream.common.events.upcast.EventBodyReader;
import io.eventstream.payment.debit.InvalidOrderException;
import io.eventstream.payment.debit.OrderToPay;
import io.eventstream.payment.debit.PaymentHistory;
import io.eventstream.payment.debit.PaymentRequest;
import io.eventstream.payment.debit.PaymentService;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 *
 * <p>The ids derived from the order make a repeat of our own payment harmless, but not one of a
 * payment someone else made: the original's workers wrote theirs under random ids, and this
 * worker's wallets (paymentsdb) know nothing of them. So a created order the consumer may meet
 * again (at or below its {@link TakeoverPoint}: it was in the stream when the consumer took over
 * or was created) is paid only if its history shows no payment outcome yet; every later one is
 * paid without reading anything.
 */
public class OrderCreatedHandler implements BatchEventHandler {

    private static final Logger log = LoggerFactory.getLogger(OrderCreatedHandler.class);

    private final PaymentService payments;
    private final PaymentHistory history;
    private final TakeoverPoint takeoverPoint;

    /** For a consumer that only ever meets new orders. */
    public OrderCreatedHandler(PaymentService payments) {
        this(payments, orderId -> false, new TakeoverPoint());
    }

    public OrderCreatedHandler(PaymentService payments, PaymentHistory history, TakeoverPoint takeoverPoint) {
        this.payments = payments;
        this.history = history;
        this.takeoverPoint = takeoverPoint;
    }

    @Override
    public void handle(ReceivedEvent event) {
        try {
            OrderToPay order = order(event);
            if (!paidBefore(event, order)) {
                payments.pay(order, event.causationId());
            }
        } catch (InvalidOrderException e) {
            throw new PoisonMessageException(e.getMessage(), e);
        }
    }

    @Override
    public void handleAll(List<ReceivedEvent> events, EventSpans spans) throws Exception {
        List<ReceivedEvent> toPay = new ArrayList<>(events.size());
        List<PaymentRequest> requests = new ArrayList<>(events.size());
        for (ReceivedEvent event : events) {
            OrderToPay order = order(event);
            if (!paidBefore(event, order)) {
                toPay.add(event);
                requests.add(new PaymentRequest(order, event.causationId()));
            }
        }
        if (requests.isEmpty()) {
            return;
        }
        payments.payAll(requests, BatchScope.of(toPay, spans));
    }

    /** Only for an order the consumer may meet again: one history read. */
    private boolean paidBefore(ReceivedEvent event, OrderToPay order) {
        if (!takeoverPoint.mayBeDone(event) || order.orderId() == null || order.orderId().isBlank()) {
            return false;
        }
        if (!history.settled(order.orderId())) {
            return false;
        }
        log.info("order {} (stream sequence {}, before the takeover point {}): its payment is already in its "
                + "history; not debited again", order.orderId(), event.streamSequence(), takeoverPoint.handledThrough());
        return true;
    }

    private static OrderToPay order(ReceivedEvent event) {
        OrderCreated created = EventBodyReader.created(event.schemaVersion(), event.data());
        EventOrder.resolve(event.aggregateId(), created); // a body about another order is poison
        return new OrderToPay(created.orderId(), created.customerId(), created.amount(), created.restaurantId());
    }
}
