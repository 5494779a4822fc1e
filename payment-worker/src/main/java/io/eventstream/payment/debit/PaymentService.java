package io.eventstream.payment.debit;

import io.eventstream.common.consumer.BatchScope;
import io.eventstream.common.events.OrderEventBody;
import io.eventstream.common.events.PaymentDebited;
import io.eventstream.common.events.PaymentFailed;
import io.eventstream.common.events.PaymentRefunded;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Debits a customer's wallet for each created order, or fails the payment when the balance
 * does not cover it, and gives a debit back when the saga asks for a refund.
 *
 * <p>The wallet change is committed first, then the event appended. If the append fails,
 * the message is redelivered: the wallet answers the outcome it already recorded and only
 * the event is written again (same id: stored once).
 *
 * <p>A batch of orders is debited in one transaction; then its events are recorded together
 * ({@link PaymentEvents#recordAll}: the event store takes them in one call).
 */
public class PaymentService {

    private final Wallets wallets;
    private final PaymentEvents events;

    public PaymentService(Wallets wallets, PaymentEvents events) {
        this.wallets = wallets;
        this.events = events;
    }

    public DebitOutcome pay(OrderToPay order, String causationId) {
        validate(order);
        DebitOutcome outcome = wallets.debitOnce(order);
        record(order, outcome, causationId);
        return outcome;
    }

    /**
     * Pays a batch: every order is checked first (one that can never be paid throws before
     * anything is debited), all are debited in one transaction, then every outcome's event is
     * recorded, all together, each made in its order's {@code scope}. Returns once every event is
     * stored, or throws after every append has finished (some may be stored: a repeat of the
     * batch then only appends again, the debits answer what they recorded).
     *
     * @return the outcomes, in the order of the requests
     */
    public List<DebitOutcome> payAll(List<PaymentRequest> requests, BatchScope scope) throws Exception {
        requests.forEach(r -> validate(r.order()));
        List<DebitOutcome> outcomes = wallets.debitAll(requests.stream().map(PaymentRequest::order).toList());
        List<PaymentOutcomeEvent> toRecord = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            PaymentRequest request = requests.get(i);
            toRecord.add(new PaymentOutcomeEvent(body(request.order(), outcomes.get(i)), request.causationId()));
        }
        events.recordAll(toRecord, scope);
        return outcomes;
    }

    private void record(OrderToPay order, DebitOutcome outcome, String causationId) {
        OrderEventBody body = body(order, outcome);
        if (body instanceof PaymentDebited debited) {
            events.paymentDebited(debited, causationId);
        } else {
            events.paymentFailed((PaymentFailed) body, causationId);
        }
    }

    /** The event an outcome is recorded as. */
    private static OrderEventBody body(OrderToPay order, DebitOutcome outcome) {
        if (outcome.debited()) {
            return new PaymentDebited(outcome.orderId(), outcome.customerId(), outcome.amount(), order.restaurantId());
        }
        return new PaymentFailed(outcome.orderId(), outcome.customerId(), outcome.amount(), outcome.reason());
    }

    /** Empty when the order was never debited: there is nothing to give back. */
    public Optional<PaymentRefunded> refund(String orderId, String causationId) {
        if (isBlank(orderId)) {
            throw new InvalidOrderException("refund request names no order");
        }
        Optional<PaymentRefunded> refunded = wallets.refundOnce(orderId);
        refunded.ifPresent(r -> events.paymentRefunded(r, causationId));
        return refunded;
    }

    private static void validate(OrderToPay order) {
        if (isBlank(order.orderId())) {
            throw new InvalidOrderException("order has no order_id");
        }
        if (isBlank(order.customerId())) {
            throw new InvalidOrderException("order " + order.orderId() + " has no customer_id");
        }
        if (order.amount() == null || order.amount().compareTo(BigDecimal.ZERO) < 0) {
            throw new InvalidOrderException("order " + order.orderId() + " has no valid amount");
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
