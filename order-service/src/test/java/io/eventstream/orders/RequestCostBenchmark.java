package io.eventstream.orders;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventstream.common.testing.FakeEventStore;
import io.eventstream.common.testing.TestInfra;
import io.eventstream.common.testing.TestTokens;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.LongAdder;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Not a test (run it by name: {@code -Dtest=RequestCostBenchmark}): the CPU the servlet threads spend
 * per {@code POST /api/orders}, with the shipped settings (override any with {@code -Dname=value}),
 * against a fake event store over the shipped mutual TLS. Counts only Tomcat's request threads
 * ({@code -exec-}), so neither the client nor the fake store in this JVM is in the figure; gRPC's
 * event loop (TLS) is shared by both sides here and is left out. Prints ms CPU per request.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class RequestCostBenchmark {

    static final FakeEventStore STORE = FakeEventStore.started();
    static final ReadModelDatabase DB = ReadModelDatabase.create();
    static final int CLIENTS = Integer.getInteger("bench.clients", 16);
    static final int WARMUP = Integer.getInteger("bench.warmup", 4000);
    static final int REQUESTS = Integer.getInteger("bench.requests", 4000);
    static final int CUSTOMERS = 200;

    static final Map<String, LongAdder> OBSERVATIONS = new ConcurrentHashMap<>();

    @LocalServerPort
    int port;

    /** Counts the observations started, by name: what each request pays Micrometer for. */
    @TestConfiguration
    static class CountObservations {
        @Bean
        ObservationHandler<Observation.Context> countObservations() {
            return new ObservationHandler<>() {
                @Override
                public void onStart(Observation.Context context) {
                    OBSERVATIONS.computeIfAbsent(context.getName(), n -> new LongAdder()).increment();
                }

                @Override
                public boolean supportsContext(Observation.Context context) {
                    return true;
                }
            };
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        DependencyProperties.register(registry, STORE, DB, TestInfra::uniqueStreamName);
        registry.add("spring.datasource.hikari.maximum-pool-size", () -> "2");
    }

    @AfterAll
    static void cleanUp() {
        STORE.stop();
        DB.drop();
    }

    @Test
    void cpuPerPost() throws Exception {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < CUSTOMERS; i++) {
            tokens.add("Bearer " + TestTokens.customer("bench-" + i));
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        run(http, tokens, WARMUP);
        OBSERVATIONS.clear();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long before = servletCpu(threads);
        long started = System.nanoTime();
        run(http, tokens, REQUESTS);
        long wall = System.nanoTime() - started;
        long cpu = servletCpu(threads) - before;
        System.out.printf("BENCH %d POSTs, %d clients: servlet threads %.3f ms CPU per POST, %.0f POST/s (wall, noisy)%n",
                REQUESTS, CLIENTS, cpu / 1e6 / REQUESTS, REQUESTS / (wall / 1e9));
        OBSERVATIONS.forEach((name, n) -> System.out.printf("BENCH observation %s: %.2f per POST%n", name,
                n.doubleValue() / REQUESTS));
    }

    private void run(HttpClient http, List<String> tokens, int count) throws Exception {
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            clients.add(pool.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < count) {
                    int customer = i % tokens.size();
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                                    URI.create("http://127.0.0.1:" + port + "/api/orders"))
                            .header("Authorization", tokens.get(customer))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"customer_id\":\"bench-" + customer
                                    + "\",\"restaurant_id\":\"r1\",\"order_items\":[{\"code\":\"p1\",\"name\":\"Pizza\","
                                    + "\"unit_price\":10.5,\"quantity\":2}]}"))
                            .build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
                }
                return null;
            }));
        }
        for (Future<?> f : clients) {
            f.get();
        }
        pool.shutdown();
    }

    private static long servletCpu(ThreadMXBean threads) {
        long total = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().contains("-exec-")) {
                long cpu = threads.getThreadCpuTime(info.getThreadId());
                total += Math.max(cpu, 0);
            }
        }
        return total;
    }
}
