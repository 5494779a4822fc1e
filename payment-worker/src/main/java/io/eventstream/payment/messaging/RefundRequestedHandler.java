package io.eventstream.payment.messaging;

import io.eventstream.common.consumer.EventHandler;
import io.eventstream.common.consumer.PoisonMessageException;
import io.eventstream.common.consumer.ReceivedEvent;
import io.eventstream.payment.debit.InvalidOrderException;
import io.eventstream.payment.debit.PaymentService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives an order's debit back when the saga asks ({@code <stream>.refundrequested}; the order
 * is the event's aggregate). A repeat refunds nothing more: the wallet keeps one refund per order.
 */
public class RefundRequestedHandler implements EventHandler {

    private static final Logger log = LoggerFactory.getLogger(RefundRequestedHandler.class);

    private final PaymentService payments;

    public RefundRequestedHandler(PaymentService payments) {
        this.payments = payments;
    }

    @Override
    public void handle(ReceivedEvent event) {
        try {
            if (payments.refund(event.aggregateId(), event.causationId()).isEmpty()) {
                log.warn("refund requested for order {}, which was never debited: nothing to give back",
                        event.aggregateId());
            }
        } catch (InvalidOrderException e) {
            throw new PoisonMessageException(e.getMessage(), e);
        }
    }
}
