package io.eventstream.loadtool.orders;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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
 *
 * <p>Every client thread posts on its own keep-alive connection and waits for the answer
 * ({@link PlainHttp}). In the open loop, a due order goes to an idle client thread, or to a new
 * one when all are busy (up to {@value #MAX_IN_FLIGHT}), so the number of threads and
 * connections follows the number of orders in flight, as the JDK HttpClient's did.
 */
final class PostDriver {

    private static final Pattern ORDER_ID = Pattern.compile("\"order_id\"\\s*:\\s*\"([^\"]+)\"");
    /** Open loop: at most this many requests in flight; beyond it the schedule slips (and latency shows it). */
    private static final int MAX_IN_FLIGHT = 2048;

    /** One per --api instance (comma-separated): clients take turns, as a load balancer would spread them. */
    private final List<URI> ordersUris;
    private final AtomicInteger turn = new AtomicInteger();
    private final OrderBook book;
    private final OrderRequests requests;
    private final Bearers bearers;

    PostDriver(List<URI> apis, OrderBook book, OrderRequests requests, Bearers bearers) {
        this.requests = requests;
        this.bearers = bearers;
        this.ordersUris = apis.stream().map(api -> api.resolve("/api/orders")).toList();
        this.book = book;
    }

    void closedLoop(int orders, int concurrency) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < concurrency; c++) {
            Thread client = new Thread(() -> {
                try (PlainHttp connection = new PlainHttp(nextUri())) {
                    while (next.getAndIncrement() < orders) {
                        post(connection, requests.next(), System.nanoTime());
                    }
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
        List<PlainHttp> connections = new CopyOnWriteArrayList<>();
        ThreadLocal<PlainHttp> connection = ThreadLocal.withInitial(() -> {
            PlainHttp c = new PlainHttp(nextUri());
            connections.add(c);
            return c;
        });
        AtomicInteger threads = new AtomicInteger();
        ExecutorService clients = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "client-" + threads.getAndIncrement());
            t.setDaemon(true);
            return t;
        });
        try {
            long start = System.nanoTime();
            double intervalNanos = 1_000_000_000.0 / perSecond;
            for (int i = 0; i < orders; i++) {
                long due = start + (long) (i * intervalNanos);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                inFlight.acquire();
                OrderRequests.Request order = requests.next();
                clients.execute(() -> {
                    try {
                        post(connection.get(), order, due);
                    } finally {
                        inFlight.release();
                    }
                });
            }
            inFlight.acquire(MAX_IN_FLIGHT);
            inFlight.release(MAX_IN_FLIGHT);
        } finally {
            clients.shutdownNow();
            connections.forEach(PlainHttp::close);
        }
    }

    /** The next instance's address, in turn: each client connection stays with the one it got. */
    private URI nextUri() {
        return ordersUris.get(Math.floorMod(turn.getAndIncrement(), ordersUris.size()));
    }

    /** Posts one order; its latency counts from {@code start} (now, or its due time in the open loop). */
    private void post(PlainHttp connection, OrderRequests.Request order, long start) {
        book.sent.incrementAndGet();
        try {
            PlainHttp.Response response = connection.postJson(order.json(), bearers.header(order.customer()),
                    order.idempotencyKey());
            answered(order, start, response.status(), response.body());
        } catch (Exception e) {
            book.failed(0);
        }
    }

    private void answered(OrderRequests.Request order, long start, int status, String body) {
        long end = System.nanoTime();
        Matcher id = ORDER_ID.matcher(body);
        if (status != 201 || !id.find()) {
            book.failed(status);
            return;
        }
        book.posted(id.group(1), start, end, order.amount(), order.items());
    }
}
