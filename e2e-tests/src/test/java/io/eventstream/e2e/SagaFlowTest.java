package io.eventstream.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventstream.common.testing.TestInfra;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * Every path of the saga through real processes: each order ends Approved, Rejected or
 * Cancelled with the reason, its events explain it, and the wallet shows the money where it
 * belongs. Workers are stopped (SIGKILL) and started again to make the slow paths happen.
 * Settings: opening credit 1000, restaurant "r-closed" closed, deadline 5 s (the saga's consumer with
 * ack-wait and max-backoff 1 s, as a deadline that short requires).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SagaFlowTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String DEADLINE = "5s";

    private Suite suite;
    private ServiceProcess payments;
    private ServiceProcess reviews;
    private OrderApi api;

    @BeforeAll
    void startSuite() throws Exception {
        suite = Suite.bootstrap();
        int grpc = TestInfra.freePort();
        ServiceProcess store = suite.eventStore("saga-eventstore", grpc).launch();
        store.awaitReady();
        int paymentPort = TestInfra.freePort();
        int orderPort = TestInfra.freePort();
        ServiceProcess[] services = {
            suite.service("querymodel-worker", "saga-querymodel-worker", TestInfra.freePort(), grpc).launch(),
            payments = suite.service("payment-worker", "saga-payment-worker", paymentPort, grpc).launch(),
            reviews = suite.service("review-worker", "saga-review-worker", TestInfra.freePort(), grpc,
                    "--eventstream.review.closed-restaurants=r-closed").launch(),
            suite.service("saga-coordinator", "saga-coordinator", TestInfra.freePort(), grpc,
                    "--eventstream.saga.deadline=" + DEADLINE,
                    // A test of the deadline itself: the coordinator refuses a deadline under
                    // 2 x (ack-wait + max-backoff), so its consumer timings are short to match.
                    "--eventstream.consumer.ack-wait=1s", "--eventstream.consumer.max-backoff=1s").launch(),
            suite.service("order-service", "saga-order-service", orderPort, grpc).launch()};
        for (ServiceProcess p : services) {
            p.awaitReady();
        }
        api = new OrderApi(suite, orderPort, paymentPort);
    }

    @AfterAll
    void stopSuite() throws Exception {
        suite.close();
    }

    @Test
    @Order(1)
    void aPaidAndReviewedOrderIsApprovedAndStaysDebited() throws Exception {
        String customer = customer();
        String order = api.place(customer, "r1", "21.00");

        api.awaitStatus(order, "Approved", WAIT);
        assertThat(api.eventsOf(order)).containsExactly("created", "paymentdebited", "approved");
        assertWallet(customer, "979", "21", "0");
    }

    @Test
    @Order(2)
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
    @Order(3)
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
    @Order(4)
    void anApprovedOrderCannotBeCancelledAndAnUnknownOneIsNotFound() throws Exception {
        String order = api.place(customer(), "r1", "10");
        api.awaitStatus(order, "Approved", WAIT);

        assertThat(api.cancel(order)).isEqualTo(409);
        assertThat(api.cancel(UUID.randomUUID().toString())).isEqualTo(404);
        assertThat(api.eventsOf(order)).containsExactly("created", "paymentdebited", "approved");
    }

    @Test
    @Order(5)
    void withTheReviewWorkerDownACancelAfterTheDebitRefundsThenCancelsAndTheDeadlineCancelsTheRest()
            throws Exception {
        reviews.kill();
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

        reviews.start();
        Thread.sleep(2_000); // the review worker now sees both payments; it must leave them alone
        for (String order : new String[] {cancelled, stuck}) {
            assertThat(api.eventsOf(order)).as(order).containsExactly("created", "paymentdebited", "cancelrequested",
                    "refundrequested", "paymentrefunded", "cancelled");
            assertThat(api.status(order)).isEqualTo("Cancelled");
        }
        assertWallet(cancelledCustomer, "1000", "40", "40");
        assertWallet(stuckCustomer, "1000", "50", "50");
    }

    @Test
    @Order(6)
    void withThePaymentWorkerDownOrdersAreCancelledAndTheLateDebitsRefunded() throws Exception {
        payments.kill();
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

        // Back, the payment worker debits both (it does not know they are cancelled); the saga refunds.
        payments.start();
        for (String order : new String[] {cancelled, late}) {
            awaitEvents(order, "created", "cancelrequested", "cancelled", "paymentdebited", "refundrequested",
                    "paymentrefunded");
            JsonNode shown = api.order(order);
            assertThat(shown.get("status").stringValue()).isEqualTo("Cancelled");
        }
        assertThat(api.order(late).get("reason").stringValue()).isEqualTo("not completed within 5 s");
        assertWallet(cancelledCustomer, "1000", "60", "60");
        assertWallet(lateCustomer, "1000", "70", "70");
    }

    private void awaitEvents(String order, String... expected) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline && api.eventsOf(order).size() < expected.length) {
            Thread.sleep(200);
        }
        Thread.sleep(500); // nothing more may follow
        assertThat(api.eventsOf(order)).as(order).containsExactly(expected);
    }

    private void assertWallet(String customer, String balance, String debited, String refunded) {
        JsonNode wallet = api.wallet(customer);
        assertThat(wallet.get("balance").decimalValue()).as("balance of " + customer).isEqualByComparingTo(balance);
        assertThat(wallet.get("debited").decimalValue()).as("debited").isEqualByComparingTo(debited);
        assertThat(wallet.get("refunded").decimalValue()).as("refunded").isEqualByComparingTo(refunded);
    }

    private static String customer() {
        return "c-" + UUID.randomUUID();
    }
}
