package io.eventstream.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventstream.common.testing.TestInfra;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The whole flow through real processes: 200 orders at concurrency 8, two instances of
 * every worker, one worker killed with SIGKILL and restarted mid-run. Every order ends
 * Approved with exactly created, paymentdebited, approved, and the read model matches
 * the event log.
 */
class OrderFlowTest {

    private static final int ORDERS = 200;
    private static final int CONCURRENCY = 8;
    private static final Pattern ORDER_ID = Pattern.compile("\"order_id\"\\s*:\\s*\"([^\"]+)\"");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void everyOrderIsApprovedExactlyOnceDespiteASecondInstanceAndAKilledWorker() throws Exception {
        try (Suite suite = Suite.bootstrap()) {
            int grpc = TestInfra.freePort();
            ServiceProcess store = suite.eventStore("flow-eventstore", grpc).launch();
            store.awaitReady();
            List<ServiceProcess> workers = new ArrayList<>();
            for (String module : List.of("querymodel-worker", "payment-worker", "review-worker")) {
                for (int i = 1; i <= 2; i++) {
                    workers.add(suite.service(module, "flow-" + module + "-" + i, TestInfra.freePort(), grpc).launch());
                }
            }
            int apiPort = TestInfra.freePort();
            ServiceProcess api = suite.service("order-service", "flow-order-service", apiPort, grpc).launch();
            for (ServiceProcess p : workers) {
                p.awaitReady();
            }
            api.awaitReady();
            ServiceProcess victim = workers.get(2); // payment-worker-1

            List<String> orderIds = Collections.synchronizedList(new ArrayList<>());
            ExecutorService clients = Executors.newFixedThreadPool(CONCURRENCY);
            List<Future<?>> posts = new ArrayList<>();
            for (int i = 0; i < ORDERS; i++) {
                int n = i;
                posts.add(clients.submit(() -> {
                    orderIds.add(post(suite, apiPort, n));
                    return null;
                }));
            }
            // Kill a payment worker once a third of the orders are in, restart it while the rest arrive.
            while (orderIds.size() < ORDERS / 3) {
                Thread.sleep(10);
            }
            victim.kill();
            Future<?> restart = clients.submit(() -> {
                Thread.sleep(500);
                victim.start();
                return null;
            });
            for (Future<?> f : posts) {
                f.get(3, TimeUnit.MINUTES);
            }
            restart.get(3, TimeUnit.MINUTES);
            clients.shutdown();
            assertThat(orderIds).hasSize(ORDERS).doesNotHaveDuplicates();

            awaitAllApproved(suite, ORDERS, Duration.ofSeconds(120));
            Thread.sleep(2_000); // let any redelivery or duplicate surface before counting

            Map<String, List<String>> eventsByOrder = eventTypesByOrder(suite);
            for (String id : orderIds) {
                assertThat(eventsByOrder.get(id)).as("events of order " + id).containsExactly(
                        suite.stream + ".created", suite.stream + ".paymentdebited", suite.stream + ".approved");
            }
            assertReadModelMatchesLog(suite, orderIds);
            printPostToApprovedMedian(suite);
        }
    }

    /** As the order's customer, with the customer's own token. */
    private String post(Suite suite, int port, int n) throws Exception {
        String body = "{\"customer_id\":\"c" + (n % 17) + "\",\"restaurant_id\":\"r" + (n % 5) + "\",\"order_items\":["
                + "{\"code\":\"p1\",\"name\":\"Pizza\",\"unit_price\":10.5,\"quantity\":" + (1 + n % 3) + "},"
                + "{\"code\":\"d1\",\"name\":\"Drink\",\"unit_price\":2.25,\"quantity\":1}]}";
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/orders"))
                .header("Authorization", suite.bearer("c" + (n % 17)))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", "flow-" + n)
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        Matcher m = ORDER_ID.matcher(response.body());
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private static void awaitAllApproved(Suite suite, int expected, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Connection c = orders(suite)) {
            long approved = 0;
            while (System.nanoTime() < deadline) {
                try (var rs = c.createStatement().executeQuery("SELECT count(*) FROM orders WHERE status = 'Approved'")) {
                    rs.next();
                    approved = rs.getLong(1);
                }
                if (approved == expected) {
                    return;
                }
                Thread.sleep(250);
            }
            throw new AssertionError(approved + " of " + expected + " orders Approved after " + timeout);
        }
    }

    private static Map<String, List<String>> eventTypesByOrder(Suite suite) throws Exception {
        Map<String, List<String>> byOrder = new HashMap<>();
        try (Connection c = DriverManager.getConnection(TestInfra.jdbcUrl(suite.eventstoreDb), TestInfra.PG_ADMIN, "");
             var rs = c.createStatement().executeQuery("SELECT aggregateid, eventtype FROM events ORDER BY aggregateid, version")) {
            while (rs.next()) {
                byOrder.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
            }
        }
        return byOrder;
    }

    /** What the log implies for each order: status, amount, items, and a history row per event. */
    private static void assertReadModelMatchesLog(Suite suite, List<String> orderIds) throws Exception {
        Map<String, BigDecimal> amounts = new HashMap<>();
        try (Connection c = DriverManager.getConnection(TestInfra.jdbcUrl(suite.eventstoreDb), TestInfra.PG_ADMIN, "");
             var rs = c.createStatement().executeQuery(
                     "SELECT aggregateid, (eventdata->>'amount')::numeric FROM events WHERE eventtype LIKE '%.created'")) {
            while (rs.next()) {
                amounts.put(rs.getString(1), rs.getBigDecimal(2));
            }
        }
        try (Connection c = orders(suite)) {
            for (String id : orderIds) {
                try (var ps = c.prepareStatement("SELECT o.status, o.amount, o.last_version,"
                        + " (SELECT count(*) FROM orderitems i WHERE i.orderid = o.id),"
                        + " (SELECT count(*) FROM order_status_history h WHERE h.orderid = o.id)"
                        + " FROM orders o WHERE o.id = ?")) {
                    ps.setString(1, id);
                    try (var rs = ps.executeQuery()) {
                        assertThat(rs.next()).as("order " + id + " in the read model").isTrue();
                        assertThat(rs.getString(1)).isEqualTo("Approved");
                        assertThat(rs.getBigDecimal(2)).isEqualByComparingTo(amounts.get(id));
                        assertThat(rs.getLong(3)).isEqualTo(3);
                        assertThat(rs.getLong(4)).isEqualTo(2);
                        assertThat(rs.getLong(5)).isEqualTo(3);
                    }
                }
            }
            try (var rs = c.createStatement().executeQuery("SELECT count(*) FROM orders")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(orderIds.size());
            }
        }
    }

    private static void printPostToApprovedMedian(Suite suite) throws Exception {
        try (Connection c = DriverManager.getConnection(TestInfra.jdbcUrl(suite.eventstoreDb), TestInfra.PG_ADMIN, "");
             var rs = c.createStatement().executeQuery("""
                     SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms), percentile_cont(0.95) WITHIN GROUP (ORDER BY ms)
                       FROM (SELECT EXTRACT(EPOCH FROM (a.created_at - c.created_at)) * 1000 AS ms
                               FROM events c JOIN events a ON a.aggregateid = c.aggregateid
                              WHERE c.version = 1 AND a.version = 3) t
                     """)) {
            rs.next();
            System.out.printf("created -> approved event: median %.1f ms, p95 %.1f ms (includes the killed worker's gap)%n",
                    rs.getDouble(1), rs.getDouble(2));
        }
    }

    private static Connection orders(Suite suite) throws Exception {
        return DriverManager.getConnection(TestInfra.jdbcUrl(suite.ordersDb), TestInfra.PG_ADMIN, "");
    }
}
