package io.eventstream.review.messaging;

import io.eventstream.common.consumer.EventHandler;
import io.eventstream.common.consumer.PoisonMessageException;
import io.eventstream.common.consumer.ReceivedEvent;
import io.eventstream.common.events.EventHeaders;
import io.eventstream.review.approval.InvalidPaymentException;
import io.eventstream.review.approval.PaidOrder;
import io.eventstream.review.approval.ReviewService;

/**
 * Reviews each paid order. The order is the event's aggregate (header Aggregate-Id) or,
 * for a message without it, the body's OrderID; the event's version (header Aggregate-Version)
 * and the restaurant and amount in the body let the review skip reading the history when the
 * debit is the order's second event. Redeliveries are harmless: the approval
 * has an id derived from the order id. An unreadable body is poison; anything else that
 * fails (the event store is down) is thrown as is and retried.
 */
public class PaymentDebitedHandler implements EventHandler {

    private final ReviewService reviews;

    public PaymentDebitedHandler(ReviewService reviews) {
        this.reviews = reviews;
    }

    @Override
    public void handle(ReceivedEvent event) {
        try {
            PaymentDebitedJson body = PaymentDebitedJson.parse(event.data());
            String fromBody = body.orderId();
            String fromHeader = event.aggregateId();
            if (fromHeader != null && fromBody != null && !fromHeader.equals(fromBody)) {
                throw new InvalidPaymentException("OrderID " + fromBody + " differs from the event's aggregate "
                        + fromHeader);
            }
            reviews.review(new PaidOrder(fromHeader != null ? fromHeader : fromBody, event.version(),
                    body.restaurantId(), body.amount()), causationId(event));
        } catch (InvalidPaymentException e) {
            throw new PoisonMessageException(e.getMessage(), e);
        }
    }

    /** The payment event's id: the Event-Id header if the store sets it, else the message id (the same id). */
    static String causationId(ReceivedEvent event) {
        String id = event.header(EventHeaders.EVENT_ID);
        return id != null && !id.isBlank() ? id : event.eventId();
    }
}
