package io.eventstream.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import tools.jackson.databind.json.JsonMapper;

/**
 * Orders at a fixed rate through order-service's HTTP API, as a careful client sends them: each
 * order with an Idempotency-Key of its own, sent again with the same key after a connection
 * error or a 5xx until a 201 comes back. An order is accepted when its 201 came; one whose
 * answer was lost may be in the log anyway, which the checks allow (it must end too).
 *
 * <p>The outcomes vary as in SagaLoadTest: every customer places eight orders against an
 * opening credit of 200, so the last ones often find the wallet short (Rejected); one order in
 * nine goes to the closed restaurant {@code r-closed} (debited, rejected by the review,
 * refunded); one in ten is cancelled right after it is accepted (Cancelled, refunded if debited).
 */
final class SteadyLoad {

    static final String CLOSED_RESTAURANT = "r-closed";
    static final String OPENING_CREDIT = "200";
    private static final String[] PRICES = {"12.50", "20", "33.25", "47"};
    private static final Duration GIVE_UP_AFTER = Duration.ofSeconds(180);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Function<String, String> bearer;
    private final int orderPort;
    private final double rate;
    private final int clients;
    private final String runId;
    private final AtomicInteger next = new AtomicInteger();
    private final Set<String> accepted = ConcurrentHashMap.newKeySet();
    private volatile boolean running;
    private List<Thread> threads = List.of();
    private Window window = new Window();

    /** What the clients saw while the load ran once (one scenario). */
    static final class Window {
        final AtomicInteger accepted = new AtomicInteger();
        final AtomicInteger abandoned = new AtomicInteger();
        final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
        final ConcurrentSkipListSet<Long> acceptedAtMillis = new ConcurrentSkipListSet<>();
        final AtomicLong lastAcceptedNanos = new AtomicLong(System.nanoTime());
        long startedMillis = System.currentTimeMillis();
        long stoppedMillis;

        int failureCount() {
            return failures.values().stream().mapToInt(AtomicInteger::get).sum();
        }

        /** "12 (503 ×9, connect ×3)" */
        String failureSummary() {
            Map<String, Integer> sorted = new TreeMap<>();
            failures.forEach((k, v) -> sorted.put(k, v.get()));
            if (sorted.isEmpty()) {
                return "0";
            }
            List<String> parts = new ArrayList<>();
            sorted.forEach((k, v) -> parts.add(k + " ×" + v));
            return failureCount() + " (" + String.join(", ", parts) + ")";
        }

        /** The longest time without an accepted order while the load ran: what the clients saw of the fault. */
        Duration longestGap() {
            long previous = startedMillis;
            long longest = 0;
            for (long at : acceptedAtMillis) {
                longest = Math.max(longest, at - previous);
                previous = at;
            }
            return Duration.ofMillis(Math.max(longest, stoppedMillis - previous));
        }
    }

    /** {@code bearer}: a customer's {@code Bearer <token>} (the suite's key), for placing and cancelling as them. */
    SteadyLoad(int orderPort, double rate, int clients, String runId, Function<String, String> bearer) {
        this.bearer = bearer;
        this.orderPort = orderPort;
        this.rate = rate;
        this.clients = clients;
        this.runId = runId;
    }

    /** Starts the clients; the counts of {@link #window()} start from zero. */
    synchronized void start() {
        window = new Window();
        running = true;
        List<Thread> started = new ArrayList<>();
        long interval = Math.round(clients * 1_000_000_000.0 / rate);
        for (int i = 0; i < clients; i++) {
            long offset = interval * i / clients;
            Thread t = new Thread(() -> client(interval, offset), "faults-client-" + i);
            t.setDaemon(true);
            t.start();
            started.add(t);
        }
        threads = started;
    }

    /** Stops sending new orders and waits until every order in flight has its answer (or was given up). */
    synchronized Window stop() throws InterruptedException {
        running = false;
        for (Thread t : threads) {
            t.join();
        }
        window.stoppedMillis = System.currentTimeMillis();
        return window;
    }

    Window window() {
        return window;
    }

    /** Every order accepted since the load was made. */
    Set<String> accepted() {
        return Set.copyOf(accepted);
    }

    /** Nanos of the last accepted order: a scenario waits for traffic before it strikes. */
    long lastAcceptedNanos() {
        return window.lastAcceptedNanos.get();
    }

    private void client(long intervalNanos, long offsetNanos) {
        long due = System.nanoTime() + offsetNanos;
        while (running) {
            long wait = due - System.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                } catch (InterruptedException e) {
                    return;
                }
            }
            // Behind (the last order took long to be accepted): go on at the rate from now, no burst.
            due = Math.max(due + intervalNanos, System.nanoTime());
            if (running) {
                try {
                    placeOne(next.getAndIncrement());
                } catch (RuntimeException e) {
                    // An answer the client cannot read: counted (the clients check fails), the load goes on.
                    window.failures.computeIfAbsent("unexpected " + e, k -> new AtomicInteger()).incrementAndGet();
                }
            }
        }
    }

    private void placeOne(int n) {
        Window w = window;
        String customer = "c-" + runId + "-" + (n / 8);
        String restaurant = n % 9 == 0 ? CLOSED_RESTAURANT : "r" + (n % 4);
        String body = "{\"customer_id\":\"" + customer + "\",\"restaurant_id\":\"" + restaurant
                + "\",\"order_items\":[{\"code\":\"p1\",\"name\":\"Pizza\",\"unit_price\":" + PRICES[n % PRICES.length]
                + ",\"quantity\":1}]}";
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + orderPort + "/api/orders"))
                .header("Authorization", bearer.apply(customer))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", "order-" + n)
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        String orderId = send(request, w, 201, GIVE_UP_AFTER);
        if (orderId == null) {
            w.abandoned.incrementAndGet();
            return;
        }
        String id = JSON.readTree(orderId).get("order_id").stringValue();
        accepted.add(id);
        w.accepted.incrementAndGet();
        w.acceptedAtMillis.add(System.currentTimeMillis());
        w.lastAcceptedNanos.set(System.nanoTime());
        if (n % 10 == 3) {
            // 202, or 409 when the order was settled first; a cancel that never gets through is fine too.
            send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + orderPort + "/api/orders/" + id + "/cancel"))
                    .header("Authorization", bearer.apply(customer))
                    .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    null, 0, Duration.ofSeconds(20));
        }
    }

    /**
     * Sends until an answer that is not a 5xx, for at most {@code patience}; failures are counted
     * in {@code w} (when given). Returns the body of a {@code success} answer, else null.
     */
    private String send(HttpRequest request, Window w, int success, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (System.nanoTime() < deadline) {
            String failure;
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status < 500) {
                    if (success != 0 && status != success && w != null) {
                        // Not a fault the client can ride out (a 4xx): counted, never retried.
                        w.failures.computeIfAbsent("unexpected " + status, k -> new AtomicInteger()).incrementAndGet();
                    }
                    return status == success ? response.body() : null;
                }
                failure = Integer.toString(status);
            } catch (java.net.http.HttpTimeoutException e) {
                failure = "timeout";
            } catch (IOException e) {
                failure = "connect";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
            if (w != null) {
                w.failures.computeIfAbsent(failure, k -> new AtomicInteger()).incrementAndGet();
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }
}
