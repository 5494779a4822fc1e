package io.eventstream.loadtool.orders;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.eventstream.loadtool.stats.Timeline;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Both loops against the JDK's HTTP server, which answers like order-service (201 and an order id). */
class PostDriverTest {

    private HttpServer server;
    private final AtomicInteger orders = new AtomicInteger();
    private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
    private final Set<String> customers = ConcurrentHashMap.newKeySet();
    private final OrderBook book = new OrderBook(new Timeline(System.nanoTime()), Set.of("approved"), true);
    private URI api;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
        server.createContext("/api/orders", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            clientPorts.add(exchange.getRemoteAddress().getPort());
            customers.add(body.substring(16, body.indexOf('"', 16)));
            int n = orders.incrementAndGet();
            // every fifth answer is refused, as an overloaded service would
            byte[] answer = (n % 5 == 0 ? "{\"error\":\"busy\"}" : "{\"order_id\":\"o-" + n + "\",\"status\":\"Pending\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(n % 5 == 0 ? 503 : 201, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.start();
        api = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private PostDriver driver(int totalOrders) throws Exception {
        return new PostDriver(java.util.List.of(api), book, new OrderRequests(totalOrders), Bearers.from(Path.of("/nonexistent/key.pem")));
    }

    @Test
    void theClosedLoopPostsEveryOrderOnOneConnectionPerClient() throws Exception {
        driver(100).closedLoop(100, 4);
        assertThat(book.sent.get()).isEqualTo(100);
        assertThat(book.accepted.get()).isEqualTo(80);
        assertThat(book.failed.get()).isEqualTo(20);
        assertThat(book.failures.get(503).get()).isEqualTo(20);
        assertThat(book.postedOrders()).hasSize(80).allMatch(t -> t.postLatencyMicros() > 0);
        assertThat(clientPorts).hasSizeLessThanOrEqualTo(4);
        assertThat(customers).hasSize(64);
    }

    @Test
    void theOpenLoopSendsOnScheduleAndCountsEveryAnswer() throws Exception {
        long start = System.nanoTime();
        driver(60).openLoop(60, 300);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(seconds).isBetween(0.19, 5.0); // 60 orders due over 0.2 s
        assertThat(book.sent.get()).isEqualTo(60);
        assertThat(book.accepted.get() + book.failed.get()).isEqualTo(60);
        assertThat(book.accepted.get()).isEqualTo(48);
    }
}
