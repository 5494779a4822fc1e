package io.eventstream.eventstore;

import io.eventstream.proto.eventstore.CreateEventRequest;
import io.eventstream.proto.eventstore.Event;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * CreateEvent throughput and latency at concurrency 1, 16 and 64, and the outbox relay's
 * commit-to-publish lag, against the real PostgreSQL and JetStream. Not part of the test
 * suite (the name does not end in Test); run it with
 * {@code mvn -pl eventstore-service test -Dtest=AppendBenchmark -Dbench.events=5000}.
 */
class AppendBenchmark extends EventStoreTestBase {

    @Test
    void appendThroughputAndPublishLag() throws Exception {
        int events = Integer.getInteger("bench.events", 5000);
        System.out.printf("%nCreateEvent benchmark: %d events per run, %d cores%n", events,
                Runtime.getRuntime().availableProcessors());
        System.out.printf("%-12s %12s %10s %10s %10s %12s %12s%n", "concurrency", "events/s", "p50 ms", "p99 ms",
                "max ms", "lag p50 ms", "lag p99 ms");
        for (int concurrency : new int[] {1, 16, 64}) {
            run(concurrency, events);
        }
    }

    private void run(int concurrency, int events) throws Exception {
        try (EventStoreInstance store = EventStoreInstance.start(database, stream)) {
            warmUp(store);
            long[] latencies = new long[events];
            ExecutorService pool = Executors.newFixedThreadPool(concurrency);
            List<Future<?>> futures = new ArrayList<>();
            long started = System.nanoTime();
            int perThread = events / concurrency;
            for (int t = 0; t < concurrency; t++) {
                int offset = t * perThread;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        long s = System.nanoTime();
                        store.stub().createEvent(CreateEventRequest.newBuilder().setEvent(order()).build());
                        latencies[offset + i] = System.nanoTime() - s;
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(10, TimeUnit.MINUTES);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            pool.shutdown();
            int done = perThread * concurrency;
            long[] measured = Arrays.copyOf(latencies, done);
            Arrays.sort(measured);
            // Let the relay publish the tail before reading its lag.
            Thread.sleep(1500);
            Timer lag = store.bean(MeterRegistry.class).get("eventstore.outbox.lag").timer();
            double lag50 = percentile(lag, 0.5);
            double lag99 = percentile(lag, 0.99);
            System.out.printf("%-12d %12.0f %10.2f %10.2f %10.2f %12.2f %12.2f%n", concurrency, done / seconds,
                    measured[done / 2] / 1e6, measured[(int) (done * 0.99)] / 1e6, measured[done - 1] / 1e6, lag50, lag99);
        }
    }

    private void warmUp(EventStoreInstance store) {
        for (int i = 0; i < 200; i++) {
            store.stub().createEvent(CreateEventRequest.newBuilder().setEvent(order()).build());
        }
    }

    private Event order() {
        String id = UUID.randomUUID().toString();
        return event(id, "{\"order_id\":\"" + id + "\",\"customer_id\":\"c1\",\"restaurant_id\":\"r1\",\"amount\":21,"
                + "\"order_items\":[{\"code\":\"p1\",\"name\":\"Pizza\",\"unit_price\":10.5,\"quantity\":2}]}").build();
    }

    private static double percentile(Timer timer, double p) {
        for (ValueAtPercentile v : timer.takeSnapshot().percentileValues()) {
            if (v.percentile() == p) {
                return v.value(TimeUnit.MILLISECONDS);
            }
        }
        return Double.NaN;
    }
}
