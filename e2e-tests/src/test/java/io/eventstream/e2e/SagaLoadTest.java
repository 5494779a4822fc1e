package io.eventstream.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * 300 orders whose outcomes vary, with the saga coordinator killed (SIGKILL) and restarted in
 * the middle: 30 customers with the shipped opening credit of 1000 (prices such that some run
 * short), one restaurant in nine closed, one order in ten cancelled right after it is placed. At
 * the end every order has exactly one terminal event, nothing happened twice, the read model
 * shows it (the checks of {@link Invariants}, which the fault suite runs too), and the money adds
 * up: for each customer opening credit - debits + refunds = balance, and the debits minus the
 * refunds are the amounts of the Approved orders.
 *
 * <p>It runs in the {@link SharedSuite}, after the other classes that use it (its coordinator's
 * kill and its 300 orders come last), with customers of its own ({@value #CUSTOMER}...): the
 * checks read only its orders and those customers' wallets.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(SharedSuite.Resolver.class)
@Order(SharedSuite.RUNS_LAST + 1)
class SagaLoadTest {

    private static final int ORDERS = 300;
    private static final int CUSTOMERS = 30;
    private static final int CONCURRENCY = 8;
    private static final String CUSTOMER = "load-c";
    /** With 10 orders each (five at one price, five at another), every customer's total exceeds 1000. */
    private static final String[] PRICES = {"62.50", "100", "166.25", "235"};

    @Test
    void mixedOrdersEachEndOnceAndTheMoneyAddsUpDespiteARestartedCoordinator(SharedSuite shared) throws Exception {
        Suite suite = shared.whole.suite();
        OrderApi api = shared.whole.api();
        ServiceProcess coordinator = shared.whole.coordinator();

        List<String> orderIds = Collections.synchronizedList(new ArrayList<>());
        ExecutorService clients = Executors.newFixedThreadPool(CONCURRENCY);
        try {
            List<Future<?>> posts = new ArrayList<>();
            for (int i = 0; i < ORDERS; i++) {
                int n = i;
                posts.add(clients.submit(() -> {
                    String restaurant = n % 9 == 0 ? "r-closed" : "r" + (n % 4);
                    String id = api.place(CUSTOMER + (n % CUSTOMERS), restaurant, PRICES[n % PRICES.length]);
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
        } finally {
            clients.shutdownNow();
            if (!coordinator.isAlive()) {
                coordinator.start(); // the classes after this one find the shared suite whole
            }
        }
        assertThat(orderIds).hasSize(ORDERS).doesNotHaveDuplicates();

        awaitSettled(suite, orderIds, Duration.ofSeconds(150));
        Thread.sleep(2_000); // let any redelivery or late event surface before counting

        EventLog all = EventLog.read(suite);
        assertThat(all.byOrder().keySet().stream()
                .filter(id -> all.created(id) != null && all.created(id).customer().startsWith(CUSTOMER)))
                .as("orders of these customers in the log").containsExactlyInAnyOrderElementsOf(orderIds);
        EventLog log = all.only(orderIds);
        Invariants invariants = Invariants.over(suite, orderIds);
        invariants.terminal(log, orderIds).assertPassed();
        List<String> outcomes = log.byOrder().keySet().stream().map(log::terminal).toList();
        assertThat(outcomes).as("outcomes vary").contains("approved", "rejected", "cancelled");
        invariants.once(log).assertPassed();
        invariants.readModel(log).assertPassed();
        Check money = invariants.money(log);
        money.assertPassed();
        assertThat(count(suite, suite.paymentsDb, "SELECT count(*) FROM wallets WHERE customer_id LIKE ?", CUSTOMER + "%"))
                .as("wallets").isEqualTo(CUSTOMERS);
        System.out.printf("saga load: %d approved, %d rejected, %d cancelled; %s%n",
                Collections.frequency(outcomes, "approved"), Collections.frequency(outcomes, "rejected"),
                Collections.frequency(outcomes, "cancelled"), money.detail());
    }

    /** Every one of these orders terminal in the read model and every refund they requested done. */
    private static void awaitSettled(Suite suite, List<String> orderIds, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long settled = 0;
        long openRefunds = 0;
        while (System.nanoTime() < deadline) {
            settled = count(suite, suite.ordersDb, "SELECT count(*) FROM orders WHERE customerid LIKE ?"
                    + " AND status IN ('Approved', 'Rejected', 'Cancelled')", CUSTOMER + "%");
            openRefunds = count(suite, suite.eventstoreDb, "SELECT count(*) FILTER (WHERE eventtype LIKE '%.refundrequested')"
                    + " - count(*) FILTER (WHERE eventtype LIKE '%.paymentrefunded') FROM events WHERE aggregateid = ANY(?)",
                    (Object) orderIds.toArray(String[]::new));
            if (settled == ORDERS && openRefunds == 0) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError(settled + " of " + ORDERS + " orders settled, " + openRefunds
                + " refunds open after " + timeout);
    }

    /** One number from {@code sql} on {@code database}; {@code params} bound in order (a String[] as text[]). */
    private static long count(Suite suite, String database, String sql, Object... params) throws Exception {
        try (Connection c = suite.infra.admin(database); var ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
