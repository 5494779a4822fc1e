package io.eventstream.loadtool.eventstore;

import io.eventstream.loadtool.Options;
import io.eventstream.loadtool.infra.Actuator;
import io.eventstream.loadtool.infra.Machine;
import io.eventstream.loadtool.infra.EventCount;
import io.eventstream.loadtool.infra.Outbox;
import io.eventstream.loadtool.report.ResultFiles;
import io.eventstream.loadtool.report.TableRow;
import io.eventstream.loadtool.stats.Latencies;
import io.grpc.ManagedChannel;
import io.eventstream.loadtool.infra.NatsConnect;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.MessageConsumer;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.OrderedConsumerConfiguration;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The event store alone: CreateEvent over gRPC at each concurrency level (each event a new
 * aggregate at expected version 0, as a placed order is), with the commit-to-publish lag seen
 * by a JetStream consumer, next to pgbench's single-row INSERT rate on this machine in the
 * same run. Bench events go to their own subjects ({@code LOADTOOL.appended}) and stream, so
 * no worker of the suite sees them; they do stay in the event store's table.
 */
public final class EventStoreBench {

    private static final int WARMUP_SECONDS = 2;

    private final Options o;

    public EventStoreBench(Options options) {
        this.o = options;
    }

    public int run() throws Exception {
        Instant started = Instant.now();
        int seconds = o.integer("seconds");
        String benchStream = o.get("bench-stream");
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("kind", "eventstore");
        result.put("label", o.get("label"));
        result.put("started_at", started.toString());
        result.put("events_in_store_before", EventCount.of(o));
        String loadBefore = Machine.loadAverage();

        PgBench.Result insert = null;
        PgBench.Result eventAndOutbox = null;
        if (PgBench.available()) {
            PgBench pgbench = new PgBench(o.get("pg"), o.get("pg-user"), o.get("pg-password"));
            int clients = o.integer("pgbench-clients");
            try {
                pgbench.createScratchDatabase();
                System.err.printf("loadtool: pgbench, single-row INSERT into events, %d connections, %d s%n", clients, seconds);
                insert = pgbenchWithRetry(pgbench, "insert events row", PgBench.INSERT_ONE, clients, seconds);
                System.err.printf("loadtool: pgbench, events row + outbox row in one transaction, %d connections%n", clients);
                eventAndOutbox = pgbenchWithRetry(pgbench, "events + outbox rows", PgBench.EVENT_AND_OUTBOX, clients, seconds);
            } catch (Exception e) {
                System.err.println("loadtool: pgbench failed, no ratio this run: " + e.getMessage());
                result.put("pgbench_error", e.getMessage());
            } finally {
                pgbench.dropScratchDatabase();
            }
        } else {
            System.err.println("loadtool: pgbench not found (Debian: apt-get install postgresql-contrib); no ratio");
        }

        List<LevelResult> levels = new ArrayList<>();
        ManagedChannel channel = EventStoreChannel.open(o.get("eventstore"), Boolean.parseBoolean(o.get("tls")),
                Path.of(o.get("tls-dir")));
        try (Connection nats = NatsConnect.open(o.get("nats"), o.get("nats-nkey"))) {
            result.put("machine", Machine.describe(o.get("pg"), o.get("pg-user"), o.get("pg-password"),
                    nats.getServerInfo().getVersion()));
            ensureStream(nats, benchStream);
            Arrivals arrivals = new Arrivals();
            MessageConsumer consumer = nats.getStreamContext(benchStream).createOrderedConsumer(
                    new OrderedConsumerConfiguration().filterSubject(benchStream + ".>").deliverPolicy(DeliverPolicy.New))
                    .consume(arrivals::onMessage);
            try {
                Actuator actuator = new Actuator(o.get("actuator"));
                for (String level : o.get("levels").split(",")) {
                    int concurrency = Integer.parseInt(level.trim());
                    levels.add(level(channel, arrivals, actuator, benchStream, concurrency, seconds,
                            insert == null ? 0 : insert.tps()));
                }
            } finally {
                consumer.stop();
                consumer.close();
            }
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        result.put("pgbench_insert", insert);
        result.put("pgbench_event_and_outbox", eventAndOutbox);
        result.put("levels", levels);
        @SuppressWarnings("unchecked")
        Map<String, Object> machine = (Map<String, Object>) result.get("machine");
        machine.put("load_average_before", loadBefore);
        machine.put("load_average_after", Machine.loadAverage());
        return report(started, result, insert, eventAndOutbox, levels, machine);
    }

    /** The machine is shared: another build may hold every connection for a moment ("too many clients"). */
    private static PgBench.Result pgbenchWithRetry(PgBench pgbench, String name, String script, int clients, int seconds)
            throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                PgBench.Result r = pgbench.run(name, script, clients, seconds);
                System.err.printf("loadtool:   %.0f tps, %.2f ms average%n", r.tps(), r.latencyAvgMs());
                return r;
            } catch (IllegalStateException e) {
                if (attempt == 3) {
                    throw e;
                }
                System.err.println("loadtool:   pgbench failed (" + e.getMessage().lines().reduce((a, b) -> b).orElse("")
                        + "); again in 10 s");
                Thread.sleep(10_000);
            }
        }
    }

    private LevelResult level(ManagedChannel channel, Arrivals arrivals, Actuator actuator, String stream,
                              int concurrency, int seconds, double pgbenchTps) throws Exception {
        long backlog = Outbox.waitUntilEmpty(o.get("pg"), o.get("pg-user"), o.get("pg-password"), o.get("eventstore-db"), 300);
        System.err.printf("loadtool: CreateEvent at concurrency %d, %d s (+%d s warm-up)%n", concurrency, seconds, WARMUP_SECONDS);
        Latencies latencies = new Latencies();
        ConcurrentHashMap<String, Long> acks = new ConcurrentHashMap<>();
        AtomicLong errors = new AtomicLong();
        long begin = System.nanoTime();
        long measureFrom = begin + TimeUnit.SECONDS.toNanos(WARMUP_SECONDS);
        long until = measureFrom + TimeUnit.SECONDS.toNanos(seconds);
        new AppendLoop(channel, stream).run(concurrency, until, new AppendLoop.Outcome() {
            @Override
            public void answered(String eventId, long start, long end) {
                if (start >= measureFrom) {
                    latencies.record((end - start) / 1000);
                    acks.put(eventId, end);
                }
            }

            @Override
            public void failed(long start) {
                if (start >= measureFrom) {
                    errors.incrementAndGet();
                }
            }
        });
        double measuredSeconds = (System.nanoTime() - measureFrom) / 1e9;
        Map<String, Double> metric = actuator.outboxLag();
        long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (System.nanoTime() < waitUntil && arrivals.missing(acks.keySet()) > 0) {
            Thread.sleep(50);
        }
        Latencies ackToArrival = new Latencies();
        Latencies commitToArrival = new Latencies();
        long before = 0;
        long lastArrival = measureFrom;
        for (Map.Entry<String, Long> ack : acks.entrySet()) {
            Arrivals.Arrival a = arrivals.get(ack.getKey());
            if (a == null) {
                continue;
            }
            lastArrival = Math.max(lastArrival, a.nanos());
            long lag = (a.nanos() - ack.getValue()) / 1000;
            if (lag < 0) {
                before++;
            }
            ackToArrival.record(lag);
            if (a.commitToArrivalMicros() >= 0) {
                commitToArrival.record(a.commitToArrivalMicros());
            }
        }
        long appended = latencies.count();
        double rate = appended / measuredSeconds;
        LevelResult r = new LevelResult(concurrency, round(measuredSeconds), appended, errors.get(), round(rate),
                latencies.percentiles(), ackToArrival.count(), appended - ackToArrival.count(),
                round(ackToArrival.count() / Math.max(1e-9, (lastArrival - measureFrom) / 1e9)),
                ackToArrival.percentiles(), commitToArrival.percentiles(), before,
                metric, pgbenchTps > 0 ? Math.round(rate / pgbenchTps * 1000) / 1000.0 : 0, backlog);
        System.err.printf(Locale.ROOT, "loadtool:   %.0f appends/s, p50 %.1f p99 %.1f ms, %d errors; published %.0f/s; commit->consumer p50 %.1f p99 %.1f ms; %d not published%n",
                r.appendsPerSecond(), r.latency().p50Ms(), r.latency().p99Ms(), r.errors(), r.publishedPerSecond(),
                r.commitToArrival().p50Ms(), r.commitToArrival().p99Ms(), r.notPublished());
        arrivals.forget(acks.keySet());
        return r;
    }

    /** A stream of the tool's own: the relay must have somewhere to publish the bench's subjects. */
    private static void ensureStream(Connection nats, String name) throws Exception {
        JetStreamManagement jsm = nats.jetStreamManagement();
        try {
            jsm.getStreamInfo(name);
        } catch (JetStreamApiException e) {
            jsm.addStream(StreamConfiguration.builder().name(name).subjects(name + ".>")
                    .storageType(StorageType.File).duplicateWindow(Duration.ofMinutes(2))
                    .maxAge(Duration.ofHours(1)).build());
            System.err.println("loadtool: created stream " + name + " (subjects " + name + ".>, kept 1 hour)");
        }
    }

    private int report(Instant started, Map<String, Object> result, PgBench.Result insert,
                       PgBench.Result eventAndOutbox, List<LevelResult> levels, Map<String, Object> machine)
            throws Exception {
        String name = ResultFiles.stamp(started) + "-eventstore";
        ResultFiles files = new ResultFiles(Path.of(o.get("out")));
        Path json = files.writeJson(name, result);
        List<TableRow> rows = new ArrayList<>();
        String load = machine.get("load_average_before") + " → " + machine.get("load_average_after");
        String pg = insert == null ? "no pgbench" : String.format(Locale.ROOT, "pgbench insert %.0f tps, events+outbox %.0f tps",
                insert.tps(), eventAndOutbox == null ? 0 : eventAndOutbox.tps());
        System.out.println();
        if (insert != null) {
            System.out.printf(Locale.ROOT, "pgbench      single-row INSERT (events row), %d connections: %.0f tps, %.2f ms avg%n",
                    insert.clients(), insert.tps(), insert.latencyAvgMs());
        }
        if (eventAndOutbox != null) {
            System.out.printf(Locale.ROOT, "pgbench      events + outbox rows per transaction: %.0f tps, %.2f ms avg%n",
                    eventAndOutbox.tps(), eventAndOutbox.latencyAvgMs());
        }
        for (LevelResult l : levels) {
            System.out.printf(Locale.ROOT, "CreateEvent  c=%-3d %6.0f/s (ratio to pgbench %.2f)  p50 %.1f p95 %.1f p99 %.1f max %.1f ms  errors %d | published %.0f/s | commit->consumer p50 %.1f p95 %.1f p99 %.1f ms | ack->consumer p99 %.1f ms | metric %s | unpublished %d%n",
                    l.concurrency(), l.appendsPerSecond(), l.ratioToPgbenchInsert(), l.latency().p50Ms(), l.latency().p95Ms(),
                    l.latency().p99Ms(), l.latency().maxMs(), l.errors(), l.publishedPerSecond(), l.commitToArrival().p50Ms(),
                    l.commitToArrival().p95Ms(), l.commitToArrival().p99Ms(), l.ackToArrival().p99Ms(),
                    l.outboxLagMetric(), l.notPublished());
            rows.add(new TableRow(started.toString().substring(0, 19), "eventstore", o.get("label"),
                    String.format(Locale.ROOT, "CreateEvent c=%d, %.0f s; %s; %s events in store", l.concurrency(),
                            l.seconds(), pg, result.get("events_in_store_before")),
                    String.format(Locale.ROOT, "%.0f appends/s (%.2f × pgbench), published %.0f/s", l.appendsPerSecond(),
                            l.ratioToPgbenchInsert(), l.publishedPerSecond()),
                    String.format(Locale.ROOT, "%.1f/%.1f/%.1f/%.1f", l.latency().p50Ms(), l.latency().p95Ms(),
                            l.latency().p99Ms(), l.latency().maxMs()),
                    "",
                    String.format(Locale.ROOT, "consumer %.0f/%.0f; metric %s/%s", l.commitToArrival().p50Ms(),
                            l.commitToArrival().p99Ms(), l.outboxLagMetric().getOrDefault("p50_ms", Double.NaN),
                            l.outboxLagMetric().getOrDefault("p99_ms", Double.NaN)),
                    l.errors() == 0 && l.notPublished() == 0 ? "ok: all published"
                            : l.errors() + " errors, " + l.notPublished() + " not published",
                    load, json.getFileName().toString()));
        }
        Path table = files.appendRows(rows);
        System.out.printf("written      %s, %s%n", json, table);
        return levels.stream().allMatch(l -> l.errors() == 0 && l.notPublished() == 0) ? 0 : 1;
    }

    private static double round(double v) {
        return Math.round(v * 100.0) / 100.0;
    }
}
