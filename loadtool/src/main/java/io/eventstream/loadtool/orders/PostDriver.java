package io.eventstream.loadtool.orders;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Posts orders: a fixed number at a fixed concurrency (closed loop: each client posts its next
 * order when the last one is answered), or at a fixed arrival rate (open loop: orders are due
 * at fixed times whatever the answers do, and latency counts from the due time, so a stalled
 * server shows up in the percentiles instead of slowing the load down).
 */
final class PostDriver {

    private static final Pattern ORDER_ID = Pattern.compile("\"order_id\"\\s*:\\s*\"([^\"]+)\"");
    /** Open loop: at most this many requests in flight; beyond it the schedule slips (and latency shows it). */
    private static final int MAX_IN_FLIGHT = 2048;

    private final HttpClient http;
    /** One per --api instance (comma-separated): requests take turns, as a load balancer would spread them. */
    private final List<URI> ordersUris;
    private final AtomicInteger turn = new AtomicInteger();
    private final OrderBook book;
    private final Bearers bearers;

    PostDriver(List<URI> apis, OrderBook book, ExecutorService httpExecutor, Bearers bearers) {
        this.bearers = bearers;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).executor(httpExecutor).build();
        this.ordersUris = apis.stream().map(api -> api.resolve("/api/orders")).toList();
        this.book = book;
    }

    void closedLoop(int orders, int concurrency) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < concurrency; c++) {
            Thread client = new Thread(() -> {
                while (next.getAndIncrement() < orders) {
                    postBlocking();
                }
            }, "client-" + c);
            client.start();
            clients.add(client);
        }
        for (Thread client : clients) {
            client.join();
        }
    }

    void openLoop(int orders, double perSecond) throws InterruptedException {
        Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
        long start = System.nanoTime();
        double intervalNanos = 1_000_000_000.0 / perSecond;
        for (int i = 0; i < orders; i++) {
            long due = start + (long) (i * intervalNanos);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            inFlight.acquire();
            postAsync(due).whenComplete((r, e) -> inFlight.release());
        }
        inFlight.acquire(MAX_IN_FLIGHT);
        inFlight.release(MAX_IN_FLIGHT);
    }

    private void postBlocking() {
        OrderRequests.Request order = OrderRequests.next();
        book.sent.incrementAndGet();
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(request(order), HttpResponse.BodyHandlers.ofString());
            answered(order, start, response);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            book.failed(0);
        }
    }

    private CompletableFuture<Void> postAsync(long due) {
        OrderRequests.Request order = OrderRequests.next();
        book.sent.incrementAndGet();
        return http.sendAsync(request(order), HttpResponse.BodyHandlers.ofString())
                .handle((response, error) -> {
                    if (error != null) {
                        book.failed(0);
                    } else {
                        answered(order, due, response);
                    }
                    return null;
                });
    }

    private HttpRequest request(OrderRequests.Request order) {
        HttpRequest.Builder request = HttpRequest.newBuilder(ordersUris.get(Math.floorMod(turn.getAndIncrement(), ordersUris.size()))).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json");
        String bearer = bearers.header(order.customer());
        if (bearer != null) {
            request.header("Authorization", bearer);
        }
        return request.POST(HttpRequest.BodyPublishers.ofString(order.json())).build();
    }

    private void answered(OrderRequests.Request order, long start, HttpResponse<String> response) {
        long end = System.nanoTime();
        Matcher id = ORDER_ID.matcher(response.body());
        if (response.statusCode() != 201 || !id.find()) {
            book.failed(response.statusCode());
            return;
        }
        book.posted(id.group(1), start, end, order.amount(), order.items());
    }

    static ExecutorService executor() {
        return Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "http");
            t.setDaemon(true);
            return t;
        });
    }
}
