package io.eventstream.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventstream.common.testing.TestInfra;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * 300 orders whose outcomes vary, with the saga coordinator killed (SIGKILL) and restarted in
 * the middle: 30 customers with an opening credit of 200 (some run short), one restaurant in
 * nine closed, one order in ten cancelled right after it is placed. At the end every order has
 * exactly one terminal event, nothing happened twice, the read model shows it (the checks of
 * {@link Invariants}, which the fault suite runs too), and the money adds up:
 * for each customer opening credit - debits + refunds = balance, and the debits minus the
 * refunds are the amounts of the Approved orders.
 */
class SagaLoadTest {

    private static final int ORDERS = 300;
    private static final int CUSTOMERS = 30;
    private static final int CONCURRENCY = 8;
    private static final String[] PRICES = {"12.50", "20", "33.25", "47"};

    @Test
    void mixedOrdersEachEndOnceAndTheMoneyAddsUpDespiteARestartedCoordinator() throws Exception {
        try (Suite suite = Suite.bootstrap()) {
            int grpc = TestInfra.freePort();
            ServiceProcess store = suite.eventStore("load-eventstore", grpc).launch();
            store.awaitReady();
            int paymentPort = TestInfra.freePort();
            int orderPort = TestInfra.freePort();
            List<ServiceProcess> services = List.of(
                    suite.service("querymodel-worker", "load-querymodel-worker", TestInfra.freePort(), grpc).launch(),
                    suite.service("payment-worker", "load-payment-worker", paymentPort, grpc,
                            "--eventstream.payment.opening-credit=200").launch(),
                    suite.service("review-worker", "load-review-worker", TestInfra.freePort(), grpc,
                            "--eventstream.review.closed-restaurants=r-closed").launch(),
                    suite.service("saga-coordinator", "load-saga-coordinator", TestInfra.freePort(), grpc).launch(),
                    suite.service("order-service", "load-order-service", orderPort, grpc).launch());
            for (ServiceProcess p : services) {
                p.awaitReady();
            }
            ServiceProcess coordinator = services.get(3);
            OrderApi api = new OrderApi(suite, orderPort, paymentPort);

            List<String> orderIds = Collections.synchronizedList(new ArrayList<>());
            ExecutorService clients = Executors.newFixedThreadPool(CONCURRENCY);
            List<Future<?>> posts = new ArrayList<>();
            for (int i = 0; i < ORDERS; i++) {
                int n = i;
                posts.add(clients.submit(() -> {
                    String restaurant = n % 9 == 0 ? "r-closed" : "r" + (n % 4);
                    String id = api.place("c" + (n % CUSTOMERS), restaurant, PRICES[n % PRICES.length]);
                    orderIds.add(id);
                    if (n % 10 == 3) {
                        assertThat(api.cancel(id)).isIn(202, 409); // 409: it was settled first
                    }
                    return null;
                }));
            }
            while (orderIds.size() < ORDERS / 3) {
                Thread.sleep(10);
            }
            coordinator.kill();
            Thread.sleep(1_000);
            coordinator.start();
            for (Future<?> f : posts) {
                f.get(3, TimeUnit.MINUTES);
            }
            clients.shutdown();
            assertThat(orderIds).hasSize(ORDERS).doesNotHaveDuplicates();

            awaitSettled(suite, Duration.ofSeconds(150));
            Thread.sleep(2_000); // let any redelivery or late event surface before counting

            EventLog log = EventLog.read(suite);
            Invariants invariants = new Invariants(suite);
            invariants.terminal(log, orderIds).assertPassed();
            assertThat(log.byOrder()).as("orders in the log").hasSize(ORDERS);
            List<String> outcomes = log.byOrder().keySet().stream().map(log::terminal).toList();
            assertThat(outcomes).as("outcomes vary").contains("approved", "rejected", "cancelled");
            invariants.once(log).assertPassed();
            invariants.readModel(log).assertPassed();
            Check money = invariants.money(log);
            money.assertPassed();
            assertThat(count(suite.paymentsDb, "SELECT count(*) FROM wallets")).as("wallets").isEqualTo(CUSTOMERS);
            System.out.printf("saga load: %d approved, %d rejected, %d cancelled; %s%n",
                    Collections.frequency(outcomes, "approved"), Collections.frequency(outcomes, "rejected"),
                    Collections.frequency(outcomes, "cancelled"), money.detail());
        }
    }

    /** Every order terminal in the read model and every requested refund done. */
    private static void awaitSettled(Suite suite, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long settled = 0;
        long openRefunds = 0;
        while (System.nanoTime() < deadline) {
            settled = count(suite.ordersDb,
                    "SELECT count(*) FROM orders WHERE status IN ('Approved', 'Rejected', 'Cancelled')");
            openRefunds = count(suite.eventstoreDb, "SELECT count(*) FROM events WHERE eventtype LIKE '%.refundrequested'")
                    - count(suite.eventstoreDb, "SELECT count(*) FROM events WHERE eventtype LIKE '%.paymentrefunded'");
            if (settled == ORDERS && openRefunds == 0) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError(settled + " of " + ORDERS + " orders settled, " + openRefunds
                + " refunds open after " + timeout);
    }

    private static long count(String database, String sql) throws Exception {
        try (Connection c = db(database); var rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Connection db(String database) throws Exception {
        return DriverManager.getConnection(TestInfra.jdbcUrl(database), TestInfra.PG_ADMIN, "");
    }
}
