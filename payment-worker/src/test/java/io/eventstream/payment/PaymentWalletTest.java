package io.eventstream.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventstream.common.events.EventHeaders;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The payment worker's wallets: a wallet that does not cover the amount fails the payment with the
 * reason, a first order above the opening credit fails and opens it, a refund requested twice gives
 * the debit back once, a burst paid in batches has the same outcomes as one by one, and a customer who
 * never ordered has the opening credit.
 */
class PaymentWalletTest extends PaymentWorkerFixture {

    @Test
    void aWalletThatDoesNotCoverTheAmountFailsThePaymentWithTheReasonAndMovesNothing() throws Exception {
        String customer = "c-" + UUID.randomUUID();
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        publishCreated(UUID.randomUUID().toString(), first, orderJson(first, customer, "70"));
        awaitPaymentOf(first);
        publishCreated(UUID.randomUUID().toString(), second, orderJson(second, customer, "40"));

        await().atMost(Duration.ofSeconds(20)).until(() -> !eventsOf(types.paymentFailed(), second).isEmpty());
        assertThat(eventsOf(types.paymentFailed(), second).get(0).getEventData()).isEqualTo("{\"OrderID\":\"" + second
                + "\",\"CustomerID\":\"" + customer + "\",\"Amount\":40,\"Reason\":\"insufficient funds: the balance"
                + " 30.00 does not cover 40\"}");
        assertThat(paymentsOf(second)).isEmpty();
        assertThat(wallet(customer)).contains("\"opening_credit\":100.00", "\"debited\":70.00", "\"refunded\":0",
                "\"balance\":30.00");
    }

    @Test
    void aFirstOrderAboveTheOpeningCreditFailsAndOpensTheWallet() throws Exception {
        String customer = "c-" + UUID.randomUUID();
        String orderId = UUID.randomUUID().toString();
        publishCreated(UUID.randomUUID().toString(), orderId, orderJson(orderId, customer, "150"));

        await().atMost(Duration.ofSeconds(20)).until(() -> !eventsOf(types.paymentFailed(), orderId).isEmpty());
        assertThat(eventsOf(types.paymentFailed(), orderId).get(0).getEventData())
                .contains("insufficient funds: the balance 100.00 does not cover 150");
        assertThat(wallet(customer)).contains("\"balance\":100.00", "\"opened\":true");
    }

    @Test
    void aRefundRequestedTwiceGivesTheDebitBackOnce() throws Exception {
        String customer = "c-" + UUID.randomUUID();
        String orderId = UUID.randomUUID().toString();
        publishCreated(UUID.randomUUID().toString(), orderId, orderJson(orderId, customer, "25.50"));
        awaitPaymentOf(orderId);
        String request = "{\"OrderID\":\"" + orderId + "\",\"Reason\":\"cancelled by the customer\"}";
        String requestId = UUID.randomUUID().toString();
        stream.publish(types.refundRequested(), UUID.randomUUID().toString(), requestId, orderId, 3L, request);
        stream.publish(types.refundRequested(), UUID.randomUUID().toString(), requestId, orderId, 3L, request);

        await().atMost(Duration.ofSeconds(20)).until(() -> !eventsOf(types.paymentRefunded(), orderId).isEmpty());
        stream.awaitAllAcked("payment-worker-refunds");
        assertThat(eventsOf(types.paymentRefunded(), orderId)).singleElement().satisfies(e -> {
            assertThat(e.getEventData()).isEqualTo("{\"OrderID\":\"" + orderId + "\",\"CustomerID\":\"" + customer
                    + "\",\"Amount\":25.5}");
            assertThat(e.getMetadataMap()).containsEntry(EventHeaders.CAUSATION_ID, requestId);
        });
        assertThat(wallet(customer)).contains("\"debited\":25.50", "\"refunded\":25.50", "\"balance\":100.00");
    }

    @Test
    void aBurstOfOrdersIsPaidInBatchesWithTheSameOutcomesAsOneByOne() throws Exception {
        List<String> customers = List.of("c-" + UUID.randomUUID(), "c-" + UUID.randomUUID(), "c-" + UUID.randomUUID());
        List<String> orders = new java.util.ArrayList<>();
        for (int i = 0; i < 36; i++) {
            String orderId = UUID.randomUUID().toString();
            orders.add(orderId);
            // 12 orders of 9 per customer: the wallet (100) covers 11 of them, the 12th fails.
            publishCreated(UUID.randomUUID().toString(), orderId, orderJson(orderId, customers.get(i % 3), "9"));
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> orders.stream()
                .allMatch(o -> !paymentsOf(o).isEmpty() || !eventsOf(types.paymentFailed(), o).isEmpty()));
        awaitAllAcked();
        assertThat(meters.get("eventstream.consumer.batch.size").tag("consumer", "payment-worker").summary().count())
                .isPositive();
        for (int c = 0; c < 3; c++) {
            assertThat(wallet(customers.get(c))).contains("\"debited\":99.00", "\"balance\":1.00");
            // One of the customer's orders is refused (which one: batches at once may take a wallet in
            // either order, as messages at once did; within a batch, stream order decides).
            String customer = customers.get(c);
            assertThat(store.eventsOfType(types.paymentFailed()))
                    .filteredOn(e -> e.getEventData().contains(customer)).singleElement()
                    .satisfies(e -> assertThat(e.getEventData()).contains("the balance 1.00 does not cover 9"));
        }
    }

    @Test
    void aCustomerWhoNeverOrderedHasTheOpeningCredit() throws Exception {
        assertThat(wallet("nobody-" + UUID.randomUUID())).contains("\"balance\":100.00", "\"opened\":false");
    }
}
