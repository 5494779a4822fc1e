package io.eventstream.eventstore;

import io.eventstream.common.testing.TestInfra;
import io.eventstream.proto.eventstore.CreateEventRequest;
import io.eventstream.proto.eventstore.Event;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.nats.client.Message;
import io.nats.client.MessageConsumer;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.OrderedConsumerConfiguration;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * CreateEvent throughput and latency at concurrency 1, 16 and 64 (each event a new aggregate
 * at expected version 0, as loadtool's event store mode), the commit-to-consumer lag seen by a
 * JetStream consumer, and pgbench's single-row INSERT rate into a table of the same shape in the
 * same run, for the ratio of issue 6. Against the real PostgreSQL and JetStream. Not part of the
 * test suite (the name does not end in Test); run it with
 * {@code mvn -pl eventstore-service test -Dtest=AppendBenchmark -Dbench.seconds=5}
 * ({@code -Dbench.levels=1,16,64}, {@code -Dbench.pgbench=false} to skip pgbench).
 */
class AppendBenchmark extends EventStoreTestBase {

    private static final int WARMUP_SECONDS = 1;
    private static final String DATA = "{\"order_id\":\"o\",\"customer_id\":\"c1\",\"restaurant_id\":\"r1\",\"amount\":21,"
            + "\"order_items\":[{\"code\":\"p1\",\"name\":\"Pizza\",\"unit_price\":10.5,\"quantity\":2}]}";

    /** When each event reached the consumer: nanoTime, and the lag from its Event-Created-At (µs). */
    private record Arrival(long nanos, long commitToArrivalMicros) {
    }

    private final Map<String, Arrival> arrivals = new ConcurrentHashMap<>();

    @Test
    void appendThroughputAndPublishLag() throws Exception {
        int seconds = Integer.getInteger("bench.seconds", 5);
        double pgbench = Boolean.parseBoolean(System.getProperty("bench.pgbench", "true")) ? pgbenchInsertTps(seconds) : 0;
        System.out.printf("%nCreateEvent benchmark: %d s per level, %d cores, pgbench single-row INSERT %.0f tps (8 connections)%n",
                seconds, Runtime.getRuntime().availableProcessors(), pgbench);
        System.out.printf("%-8s %9s %6s %8s %8s %8s | %14s %14s | %14s%n", "clients", "events/s", "ratio", "p50 ms",
                "p99 ms", "max ms", "commit->cons50", "commit->cons99", "metric lag 99");
        MessageConsumer consumer = nats.getStreamContext(stream).createOrderedConsumer(
                new OrderedConsumerConfiguration().filterSubject(stream + ".>").deliverPolicy(DeliverPolicy.New))
                .consume(this::onMessage);
        try {
            for (String level : System.getProperty("bench.levels", "1,16,64").split(",")) {
                run(Integer.parseInt(level.trim()), seconds, pgbench);
            }
        } finally {
            consumer.stop();
        }
    }

    private void run(int concurrency, int seconds, double pgbench) throws Exception {
        try (EventStoreInstance store = EventStoreInstance.start(database, stream)) {
            List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
            Map<String, Long> acked = new ConcurrentHashMap<>();
            long measureFrom = System.nanoTime() + TimeUnit.SECONDS.toNanos(WARMUP_SECONDS);
            long until = measureFrom + TimeUnit.SECONDS.toNanos(seconds);
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < concurrency; t++) {
                Thread thread = new Thread(() -> {
                    for (long start = System.nanoTime(); start < until; start = System.nanoTime()) {
                        Event event = order();
                        store.stub().createEvent(CreateEventRequest.newBuilder().setEvent(event).setExpectedVersion(0).build());
                        long end = System.nanoTime();
                        if (start >= measureFrom) {
                            latencies.add(end - start);
                            acked.put(event.getEventId(), end);
                        }
                    }
                });
                thread.start();
                threads.add(thread);
            }
            for (Thread t : threads) {
                t.join();
            }
            double measured = (System.nanoTime() - measureFrom) / 1e9;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline && !arrivals.keySet().containsAll(acked.keySet())) {
                Thread.sleep(20);
            }
            long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            long[] commitToConsumer = acked.keySet().stream().map(arrivals::get).filter(a -> a != null)
                    .mapToLong(Arrival::commitToArrivalMicros).sorted().toArray();
            long missing = acked.keySet().stream().filter(id -> !arrivals.containsKey(id)).count();
            Timer lag = store.bean(MeterRegistry.class).get("eventstore.outbox.lag").timer();
            var batches = store.bean(MeterRegistry.class).find("eventstore.append.batch").summary();
            double rate = sorted.length / measured;
            System.out.printf("%-8d %9.0f %6.2f %8.2f %8.2f %8.2f | %14.1f %14.1f | %14.1f%s%n", concurrency, rate,
                    pgbench > 0 ? rate / pgbench : Double.NaN, at(sorted, 0.5) / 1e6, at(sorted, 0.99) / 1e6,
                    at(sorted, 1.0) / 1e6, at(commitToConsumer, 0.5) / 1e3, at(commitToConsumer, 0.99) / 1e3,
                    percentile(lag, 0.99), (batches == null ? "" : String.format("  batch mean %.1f", batches.mean()))
                            + (missing == 0 ? "" : "  (" + missing + " not published)"));
            arrivals.clear();
        }
    }

    private void onMessage(Message message) {
        Instant now = Instant.now();
        long nanos = System.nanoTime();
        String id = message.getHeaders().getFirst("Nats-Msg-Id");
        Instant created = Instant.parse(message.getHeaders().getFirst("Event-Created-At"));
        long lag = Math.max(0, (now.getEpochSecond() - created.getEpochSecond()) * 1_000_000L
                + (now.getNano() - created.getNano()) / 1000);
        arrivals.putIfAbsent(id, new Arrival(nanos, lag));
    }

    private Event order() {
        String id = UUID.randomUUID().toString();
        return event(id, DATA).putMetadata("Correlation-Id", id).build();
    }

    private static long at(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) (sorted.length * p))];
    }

    private static double percentile(Timer timer, double p) {
        for (ValueAtPercentile v : timer.takeSnapshot().percentileValues()) {
            if (v.percentile() == p) {
                return v.value(TimeUnit.MILLISECONDS);
            }
        }
        return Double.NaN;
    }

    /**
     * What this PostgreSQL manages alone: pgbench, 8 connections, single-row INSERTs into a table
     * shaped as {@code events} (loadtool's {@code PgBench.INSERT_ONE}). 0 when pgbench is missing.
     */
    private static double pgbenchInsertTps(int seconds) throws Exception {
        String scratch = TestInfra.createDatabase("es_pgbench");
        Path script = Files.createTempFile("append-bench-", ".sql");
        try {
            try (var c = DriverManager.getConnection(TestInfra.jdbcUrl(scratch), TestInfra.PG_ADMIN, "");
                 var s = c.createStatement()) {
                s.execute("""
                        CREATE TABLE events (
                            id TEXT PRIMARY KEY, eventtype TEXT NOT NULL, aggregateid TEXT NOT NULL, aggregatetype TEXT NOT NULL,
                            eventdata JSONB, stream TEXT NOT NULL, version BIGINT NOT NULL, position BIGINT,
                            created_at TIMESTAMPTZ NOT NULL DEFAULT now(), payload TEXT, metadata JSONB NOT NULL DEFAULT '{}',
                            CONSTRAINT events_aggregate_version UNIQUE (aggregateid, version));
                        CREATE UNIQUE INDEX events_position ON events (position);
                        """);
            }
            Files.writeString(script, "INSERT INTO events (id, eventtype, aggregateid, aggregatetype, eventdata, stream, "
                    + "version, payload, metadata) VALUES (gen_random_uuid()::text, 'ORDERS.created', "
                    + "gen_random_uuid()::text, 'order', '" + DATA + "', 'ORDERS', 1, '" + DATA
                    + "', '{\"Correlation-Id\":\"bench\"}');\n");
            Process p = new ProcessBuilder("pgbench", "-n", "-h", TestInfra.PG_HOST, "-p", TestInfra.PG_PORT,
                    "-U", TestInfra.PG_ADMIN, "-c", "8", "-j", "2", "-T", String.valueOf(seconds), "-f", script.toString(),
                    scratch).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            Matcher tps = Pattern.compile("tps = ([0-9.]+)").matcher(out);
            return p.waitFor() == 0 && tps.find() ? Double.parseDouble(tps.group(1)) : 0;
        } catch (java.io.IOException noPgbench) {
            return 0;
        } finally {
            Files.deleteIfExists(script);
            TestInfra.dropDatabase(scratch);
        }
    }
}
