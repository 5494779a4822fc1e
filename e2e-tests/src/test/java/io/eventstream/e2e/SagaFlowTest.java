package io.eventstream.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * Every path of the saga through real processes: each order ends Approved, Rejected or
 * Cancelled with the reason, its events explain it, and the wallet shows the money where it
 * belongs. Settings: opening credit 1000, restaurant "r-closed" closed; the saga's shipped timings,
 * except in the two scenarios named "short deadline": 5 s (the saga's consumer with ack-wait and
 * max-backoff 1 s, as a deadline that short requires).
 *
 * <p>Each scenario stands alone, in any order. The paths with every worker running use the
 * {@link SharedSuite}, in which no process stays stopped (each has its own customer and orders).
 * The two "short deadline" scenarios stop a worker (SIGKILL) to make a slow path happen: they
 * share a suite of their own, each starting again the worker it stopped, and check that
 * something did not happen only once the suite has settled ({@link Quiescence}): the workers had
 * every chance to do it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(SharedSuite.Resolver.class)
@Order(SharedSuite.RUNS_LAST)
class SagaFlowTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String DEADLINE = "5s";

    /**
     * For the scenarios that test the deadline itself: 5 s, and the saga's consumer timings as
     * short as such a deadline requires (the coordinator refuses a deadline under
     * 2 x (ack-wait + max-backoff)).
     */
    private static final List<String> SHORT_DEADLINE = List.of("--eventstream.saga.deadline=" + DEADLINE,
            "--eventstream.consumer.ack-wait=1s", "--eventstream.consumer.max-backoff=1s");

    private final OrderApi api;
    /** The suite of the "short deadline" scenarios, started by the first of them. */
    private WholeSuite shortDeadline;

    SagaFlowTest(SharedSuite shared) {
        this.api = shared.whole.api();
    }

    /** The short-deadline suite, started on first use; a worker a scenario left stopped runs again. */
    private WholeSuite shortDeadline() throws Exception {
        if (shortDeadline == null) {
            shortDeadline = WholeSuite.start(Suite.bootstrap(), "saga-short-deadline", SHORT_DEADLINE);
        }
        for (ServiceProcess worker : List.of(shortDeadline.payments(), shortDeadline.reviews())) {
            if (!worker.isAlive()) {
                worker.start();
            }
        }
        return shortDeadline;
    }

    @AfterAll
    void stopShortDeadlineSuite() throws Exception {
        if (shortDeadline != null) {
            shortDeadline.close();
        }
    }

    @Test
    void aPaidAndReviewedOrderIsApprovedAndStaysDebited() throws Exception {
        String customer = customer();
        String order = api.place(customer, "r1", "21.00");

        api.awaitStatus(order, "Approved", WAIT);
        assertThat(api.eventsOf(order)).containsExactly("created", "paymentdebited", "approved");
        assertWallet(customer, "979", "21", "0");
    }

    @Test
    void aPaymentTheWalletCannotCoverRejectsTheOrder() throws Exception {
        String customer = customer();
        String order = api.place(customer, "r1", "1500");

        JsonNode rejected = api.awaitStatus(order, "Rejected", WAIT);
        assertThat(rejected.get("reason").stringValue())
                .isEqualTo("insufficient funds: the balance 1000.00 does not cover 1500");
        assertThat(api.eventsOf(order)).containsExactly("created", "paymentfailed", "rejected");
        assertWallet(customer, "1000", "0", "0");
    }

    @Test
    void aReviewRejectionAfterTheDebitRefundsTheCustomerThenRejects() throws Exception {
        String customer = customer();
        String order = api.place(customer, "r-closed", "30");

        JsonNode rejected = api.awaitStatus(order, "Rejected", WAIT);
        assertThat(rejected.get("reason").stringValue()).isEqualTo("restaurant r-closed is closed");
        assertThat(api.eventsOf(order)).containsExactly(
                "created", "paymentdebited", "reviewrejected", "refundrequested", "paymentrefunded", "rejected");
        assertWallet(customer, "1000", "30", "30");
    }

    @Test
    void anApprovedOrderCannotBeCancelledAndAnUnknownOneIsNotFound() throws Exception {
        String order = api.place(customer(), "r1", "10");
        api.awaitStatus(order, "Approved", WAIT);

        assertThat(api.cancel(order)).isEqualTo(409);
        assertThat(api.cancel(UUID.randomUUID().toString())).isEqualTo(404);
        assertThat(api.eventsOf(order)).containsExactly("created", "paymentdebited", "approved");
    }

    @Test
    void withTheReviewWorkerDownACancelAfterTheDebitRefundsThenCancelsAndAShortDeadlineCancelsTheRest()
            throws Exception {
        WholeSuite own = shortDeadline();
        OrderApi api = own.api();
        own.reviews().kill();
        String cancelledCustomer = customer();
        String cancelled = api.place(cancelledCustomer, "r1", "40");
        String stuckCustomer = customer();
        String stuck = api.place(stuckCustomer, "r1", "50");
        api.awaitStatus(cancelled, "PaymentDebited", WAIT);

        assertThat(api.cancel(cancelled)).isEqualTo(202);
        assertThat(api.awaitStatus(cancelled, "Cancelled", WAIT).get("reason").stringValue())
                .isEqualTo("cancelled by the customer");
        // Nobody reviews the other order: its deadline passes and the saga cancels it.
        assertThat(api.awaitStatus(stuck, "Cancelled", WAIT).get("reason").stringValue())
                .isEqualTo("not completed within 5 s");

        // Back, the review worker gets both payments; it must leave them alone. An order placed
        // now is approved once it reviews again, and the settled suite shows it had its chance.
        own.reviews().start();
        String marker = api.place(customer(), "r1", "1");
        api.awaitStatus(marker, "Approved", WAIT);
        Quiescence.await(own.suite(), WAIT);
        for (String order : new String[] {cancelled, stuck}) {
            assertThat(api.eventsOf(order)).as(order).containsExactly("created", "paymentdebited",
                    "cancelrequested", "refundrequested", "paymentrefunded", "cancelled");
            assertThat(api.status(order)).isEqualTo("Cancelled");
        }
        assertWallet(api, cancelledCustomer, "1000", "40", "40");
        assertWallet(api, stuckCustomer, "1000", "50", "50");
    }

    @Test
    void withThePaymentWorkerDownAShortDeadlineCancelsOrdersAndTheLateDebitsAreRefunded() throws Exception {
        WholeSuite own = shortDeadline();
        OrderApi api = own.api();
        own.payments().kill();
        String cancelledCustomer = customer();
        String cancelled = api.place(cancelledCustomer, "r1", "60");
        String lateCustomer = customer();
        String late = api.place(lateCustomer, "r1", "70");
        api.awaitStatus(cancelled, "Pending", WAIT);

        assertThat(api.cancel(cancelled)).isEqualTo(202);
        api.awaitStatus(cancelled, "Cancelled", WAIT);
        assertThat(api.eventsOf(cancelled)).containsExactly("created", "cancelrequested", "cancelled");
        api.awaitStatus(late, "Cancelled", WAIT);
        assertThat(api.eventsOf(late)).containsExactly("created", "cancelrequested", "cancelled");

        // Back, the payment worker debits both (it does not know they are cancelled); the saga
        // refunds. An order placed after that is approved, and once the suite has settled
        // nothing more (a review, a second refund) may have followed.
        own.payments().start();
        String[] orders = {cancelled, late};
        for (String order : orders) {
            awaitEventCount(api, order, 6);
        }
        String marker = api.place(customer(), "r1", "1");
        api.awaitStatus(marker, "Approved", WAIT);
        Quiescence.await(own.suite(), WAIT);
        for (String order : orders) {
            assertThat(api.eventsOf(order)).as(order).containsExactly("created", "cancelrequested", "cancelled",
                    "paymentdebited", "refundrequested", "paymentrefunded");
            assertThat(api.order(order).get("status").stringValue()).isEqualTo("Cancelled");
        }
        assertThat(api.order(late).get("reason").stringValue()).isEqualTo("not completed within 5 s");
        assertWallet(api, cancelledCustomer, "1000", "60", "60");
        assertWallet(api, lateCustomer, "1000", "70", "70");
    }

    private static void awaitEventCount(OrderApi api, String order, int count) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (api.eventsOf(order).size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(order + " has " + api.eventsOf(order) + ", not " + count + " events");
            }
            Thread.sleep(200); // polling
        }
    }

    private void assertWallet(String customer, String balance, String debited, String refunded) {
        assertWallet(api, customer, balance, debited, refunded);
    }

    private static void assertWallet(OrderApi api, String customer, String balance, String debited,
            String refunded) {
        JsonNode wallet = api.wallet(customer);
        assertThat(wallet.get("balance").decimalValue()).as("balance of " + customer).isEqualByComparingTo(balance);
        assertThat(wallet.get("debited").decimalValue()).as("debited").isEqualByComparingTo(debited);
        assertThat(wallet.get("refunded").decimalValue()).as("refunded").isEqualByComparingTo(refunded);
    }

    private static String customer() {
        return "c-" + UUID.randomUUID();
    }
}
