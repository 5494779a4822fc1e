package io.eventstream.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventstream.common.testing.TestInfra;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * 300 orders whose outcomes vary, with the saga coordinator killed (SIGKILL) and restarted in
 * the middle: 30 customers with an opening credit of 200 (some run short), one restaurant in
 * nine closed, one order in ten cancelled right after it is placed. At the end every order has
 * exactly one terminal event, the read model shows it, and the money adds up:
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

            Map<String, List<String>> events = eventsByOrder(suite);
            Map<String, String> terminal = new HashMap<>();
            for (String id : orderIds) {
                List<String> types = events.get(id);
                List<String> ends = types.stream().filter(t -> t.equals("approved") || t.equals("rejected")
                        || t.equals("cancelled")).toList();
                assertThat(ends).as("terminal events of " + id + ": " + types).hasSize(1);
                assertThat(Collections.frequency(types, "paymentdebited")).as(id).isLessThanOrEqualTo(1);
                assertThat(Collections.frequency(types, "paymentrefunded")).as(id).isLessThanOrEqualTo(1);
                terminal.put(id, ends.get(0));
            }
            assertThat(terminal.values()).as("outcomes vary").contains("approved", "rejected", "cancelled");
            assertReadModelShowsTheTerminalStates(suite, terminal);
            assertMoneyAddsUp(suite, terminal);
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

    private static void assertReadModelShowsTheTerminalStates(Suite suite, Map<String, String> terminal) throws Exception {
        Map<String, String> label = Map.of("approved", "Approved", "rejected", "Rejected", "cancelled", "Cancelled");
        try (Connection c = db(suite.ordersDb); var rs = c.createStatement().executeQuery("SELECT id, status FROM orders")) {
            int rows = 0;
            while (rs.next()) {
                rows++;
                assertThat(rs.getString(2)).as(rs.getString(1)).isEqualTo(label.get(terminal.get(rs.getString(1))));
            }
            assertThat(rows).isEqualTo(ORDERS);
        }
    }

    private static void assertMoneyAddsUp(Suite suite, Map<String, String> terminal) throws Exception {
        try (Connection c = db(suite.paymentsDb); var rs = c.createStatement().executeQuery("""
                SELECT w.customer_id, w.opening_credit, w.balance,
                       COALESCE(SUM(p.amount) FILTER (WHERE p.kind = 'debit' AND p.outcome = 'debited'), 0),
                       COALESCE(SUM(p.amount) FILTER (WHERE p.kind = 'refund'), 0)
                  FROM wallets w LEFT JOIN payments p ON p.customer_id = w.customer_id
                 GROUP BY w.customer_id, w.opening_credit, w.balance""")) {
            int wallets = 0;
            while (rs.next()) {
                wallets++;
                assertThat(rs.getBigDecimal(2).subtract(rs.getBigDecimal(4)).add(rs.getBigDecimal(5)))
                        .as("opening - debits + refunds of " + rs.getString(1)).isEqualByComparingTo(rs.getBigDecimal(3));
            }
            assertThat(wallets).isEqualTo(CUSTOMERS);
        }
        BigDecimal kept;
        try (Connection c = db(suite.paymentsDb); var rs = c.createStatement().executeQuery(
                "SELECT COALESCE(SUM(CASE WHEN kind = 'debit' AND outcome = 'debited' THEN amount"
                        + " WHEN kind = 'refund' THEN -amount ELSE 0 END), 0) FROM payments")) {
            rs.next();
            kept = rs.getBigDecimal(1);
        }
        BigDecimal approved = BigDecimal.ZERO;
        try (Connection c = db(suite.eventstoreDb); var rs = c.createStatement().executeQuery(
                "SELECT aggregateid, (eventdata->>'amount')::numeric FROM events WHERE eventtype LIKE '%.created'")) {
            while (rs.next()) {
                if ("approved".equals(terminal.get(rs.getString(1)))) {
                    approved = approved.add(rs.getBigDecimal(2));
                }
            }
        }
        assertThat(kept).as("debits - refunds = amounts of the Approved orders").isEqualByComparingTo(approved);
        System.out.printf("saga load: %d approved, %d rejected, %d cancelled; %s kept of the customers' money%n",
                Collections.frequency(terminal.values(), "approved"), Collections.frequency(terminal.values(), "rejected"),
                Collections.frequency(terminal.values(), "cancelled"), kept.toPlainString());
    }

    private static Map<String, List<String>> eventsByOrder(Suite suite) throws Exception {
        Map<String, List<String>> byOrder = new HashMap<>();
        try (Connection c = db(suite.eventstoreDb); var rs = c.createStatement().executeQuery(
                "SELECT aggregateid, eventtype FROM events ORDER BY aggregateid, version")) {
            while (rs.next()) {
                byOrder.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                        .add(rs.getString(2).substring(suite.stream.length() + 1));
            }
        }
        return byOrder;
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
