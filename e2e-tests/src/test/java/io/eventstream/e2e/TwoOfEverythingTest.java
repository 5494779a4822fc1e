package io.eventstream.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventstream.common.testing.TestInfra;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Two instances of every service, as {@code SUITE_INSTANCES=2 ./suite up} runs them: two event
 * stores (one relay between them, by the lease), every client calling both over one
 * {@code addresses:///} channel with round_robin, two of each worker on the same durable
 * consumers, two order-services. Orders placed through both order-services end Approved, both
 * stores take appends; then, while orders keep coming through the second order-service, the
 * first instance of every service is killed with SIGKILL, and every order still ends Approved
 * with exactly its three events, each published once.
 *
 * <p>Only with {@code -De2e.two-of-everything=on}: twelve JVMs take minutes to start on two cores,
 * more than the default build's time budget allows (README, "Tests").
 */
@EnabledIfSystemProperty(named = "e2e.two-of-everything", matches = "on")
class TwoOfEverythingTest {

    private static final int ORDERS_PER_PHASE = 40;
    /** Twelve JVMs start at once: on two shared cores (load average 40-60 from other work) that took 7 minutes. */
    private static final Duration STARTUP = Duration.ofMinutes(15);
    private static final Pattern ORDER_ID = Pattern.compile("\"order_id\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern APPENDED = Pattern.compile("(?m)^eventstore_events_appended_total\\S*\\s+([0-9.eE+]+)");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void ordersCompleteOnTwoOfEverythingAndAfterOneOfEachIsKilled() throws Exception {
        try (Suite suite = Suite.bootstrap().smallPools()) {
            List<Integer> grpc = List.of(TestInfra.freePort(), TestInfra.freePort());
            List<ServiceProcess> stores = List.of(suite.eventStore("two-eventstore-1", grpc.get(0)).launch(),
                    suite.eventStore("two-eventstore-2", grpc.get(1)).launch());
            for (ServiceProcess store : stores) {
                store.awaitReady(STARTUP);
            }
            Map<String, List<ServiceProcess>> services = new LinkedHashMap<>();
            for (String module : List.of("querymodel-worker", "payment-worker", "review-worker", "saga-coordinator",
                    "order-service")) {
                for (int i = 1; i <= 2; i++) {
                    services.computeIfAbsent(module, m -> new ArrayList<>())
                            .add(suite.service(module, "two-" + module + "-" + i, TestInfra.freePort(), grpc).launch());
                }
            }
            for (List<ServiceProcess> instances : services.values()) {
                for (ServiceProcess p : instances) {
                    p.awaitReady(STARTUP);
                }
            }
            List<ServiceProcess> apis = services.get("order-service");
            List<String> orderIds = Collections.synchronizedList(new ArrayList<>());

            // Phase 1: orders through both order-services, taking turns.
            place(suite, apis, 0, orderIds, null);
            awaitApproved(suite, orderIds.size(), Duration.ofSeconds(180));
            for (ServiceProcess store : stores) {
                assertThat(appended(store)).as("appends taken by " + store.name()).isPositive();
            }
            assertThat(leaseOwners(suite)).as("relay lease owners").hasSize(1);

            // Phase 2: through the second order-service; the first of everything killed a quarter in.
            List<ServiceProcess> firsts = new ArrayList<>(List.of(stores.get(0)));
            services.values().forEach(instances -> firsts.add(instances.get(0)));
            place(suite, List.of(apis.get(1)), ORDERS_PER_PHASE, orderIds, () -> {
                for (ServiceProcess p : firsts) {
                    p.kill();
                }
                return null;
            });
            assertThat(orderIds).hasSize(2 * ORDERS_PER_PHASE).doesNotHaveDuplicates();
            awaitApproved(suite, orderIds.size(), Duration.ofSeconds(240));

            Thread.sleep(2_000); // a redelivery or a second relay would show up by now
            Map<String, List<String>> events = eventTypesByOrder(suite);
            for (String id : orderIds) {
                assertThat(events.get(id)).as("events of order " + id).containsExactly(
                        suite.stream + ".created", suite.stream + ".paymentdebited", suite.stream + ".approved");
            }
            long stored = events.values().stream().mapToLong(List::size).sum();
            assertThat(awaitPublished(suite, stored, Duration.ofSeconds(30))).as("messages on the stream").isEqualTo(stored);
        }
    }

    /** ORDERS_PER_PHASE orders at concurrency 4 over {@code apis} in turn; {@code midway} runs after a quarter. */
    private void place(Suite suite, List<ServiceProcess> apis, int first, List<String> orderIds,
            java.util.concurrent.Callable<Void> midway) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> posts = new ArrayList<>();
            for (int i = 0; i < ORDERS_PER_PHASE; i++) {
                int n = first + i;
                ServiceProcess api = apis.get(n % apis.size());
                posts.add(clients.submit(() -> orderIds.add(post(suite, api.httpPort(), n))));
            }
            if (midway != null) {
                while (orderIds.size() < first + ORDERS_PER_PHASE / 4) {
                    Thread.sleep(10);
                }
                midway.call();
            }
            for (Future<?> f : posts) {
                f.get(3, TimeUnit.MINUTES);
            }
        } finally {
            clients.shutdownNow();
        }
    }

    private String post(Suite suite, int port, int n) throws Exception {
        String customer = "c" + (n % 7);
        String body = "{\"customer_id\":\"" + customer + "\",\"restaurant_id\":\"r" + (n % 3) + "\",\"order_items\":["
                + "{\"code\":\"p1\",\"name\":\"Pizza\",\"unit_price\":10.5,\"quantity\":1}]}";
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/orders"))
                .header("Authorization", suite.bearer(customer)).header("Content-Type", "application/json")
                .header("Idempotency-Key", "two-" + n).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("order %d: %s", n, response.body()).isEqualTo(201);
        Matcher m = ORDER_ID.matcher(response.body());
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    /** eventstore.events.appended of one store instance, from its Prometheus endpoint. */
    private double appended(ServiceProcess store) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + store.httpPort()
                + "/actuator/prometheus")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        Matcher m = APPENDED.matcher(r.body());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static List<String> leaseOwners(Suite suite) throws Exception {
        List<String> owners = new ArrayList<>();
        try (Connection c = store(suite);
             var rs = c.createStatement().executeQuery("SELECT owner FROM relay_lease WHERE expires_at > now()")) {
            while (rs.next()) {
                owners.add(rs.getString(1));
            }
        }
        return owners;
    }

    private static void awaitApproved(Suite suite, int expected, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long approved = 0;
        try (Connection c = DriverManager.getConnection(TestInfra.jdbcUrl(suite.ordersDb), TestInfra.PG_ADMIN, "")) {
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
        }
        throw new AssertionError(approved + " of " + expected + " orders Approved after " + timeout);
    }

    private static Map<String, List<String>> eventTypesByOrder(Suite suite) throws Exception {
        Map<String, List<String>> byOrder = new HashMap<>();
        try (Connection c = store(suite);
             var rs = c.createStatement().executeQuery("SELECT aggregateid, eventtype FROM events ORDER BY aggregateid, version")) {
            while (rs.next()) {
                byOrder.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
            }
        }
        return byOrder;
    }

    /** The stream's message count once the outbox is empty (the surviving relay has sent everything). */
    private static long awaitPublished(Suite suite, long expected, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long messages = -1;
        try (var nats = suite.infra.natsConnection()) {
            var jsm = nats.jetStreamManagement();
            while (System.nanoTime() < deadline) {
                messages = jsm.getStreamInfo(suite.stream).getStreamState().getMsgCount();
                if (messages >= expected) {
                    return messages;
                }
                Thread.sleep(250);
            }
        }
        return messages;
    }

    private static Connection store(Suite suite) throws Exception {
        return DriverManager.getConnection(TestInfra.jdbcUrl(suite.eventstoreDb), TestInfra.PG_ADMIN, "");
    }
}
