package io.eventstream.loadtool.orders;

import io.eventstream.loadtool.Options;
import io.eventstream.loadtool.infra.Actuator;
import io.eventstream.loadtool.infra.ConsumerBacklog;
import io.eventstream.loadtool.infra.Machine;
import io.eventstream.loadtool.infra.EventCount;
import io.eventstream.loadtool.infra.Outbox;
import io.eventstream.loadtool.report.ResultFiles;
import io.eventstream.loadtool.report.TableRow;
import io.eventstream.loadtool.stats.Percentiles;
import io.eventstream.loadtool.stats.Timeline;
import io.eventstream.loadtool.infra.NatsConnect;
import io.nats.client.Connection;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The end-to-end run: post orders, follow them to their end, verify, report. */
public final class OrderLoad {

    private static final Map<String, String> STATUS_OF =
            Map.of("approved", "Approved", "rejected", "Rejected", "cancelled", "Cancelled");

    private final Options o;
    private final Set<String> terminalTypes = new LinkedHashSet<>();
    private final Set<String> terminalStatuses = new LinkedHashSet<>();

    public OrderLoad(Options options) {
        this.o = options;
        for (String type : options.get("terminal").split(",")) {
            String t = type.trim();
            if (!t.isEmpty()) {
                terminalTypes.add(t);
                terminalStatuses.add(STATUS_OF.getOrDefault(t, Character.toUpperCase(t.charAt(0)) + t.substring(1)));
            }
        }
    }

    public int run() throws Exception {
        try (Connection nats = NatsConnect.open(o.get("nats"), o.get("nats-nkey"))) {
            Map<String, Object> machine = Machine.describe(o.get("pg"), o.get("pg-user"), o.get("pg-password"),
                    nats.getServerInfo().getVersion());
            drainOutbox();
            int warmup = o.integer("warmup");
            // Both passes draw on the same customers and their tokens, minted before the load.
            OrderRequests requests = new OrderRequests((long) warmup + o.integer("orders"));
            Bearers bearers = Bearers.from(Path.of(o.get("token-key")));
            bearers.mintAll(requests.customers());
            if (warmup > 0) {
                System.err.printf("loadtool: warming up with %d orders (not measured)%n", warmup);
                pass(nats, requests, bearers, warmup, false);
                drainOutbox();
            }
            Instant started = Instant.now();
            String loadBefore = Machine.loadAverage();
            long eventsBefore = EventCount.of(o);
            Map<String, Object> result = pass(nats, requests, bearers, o.integer("orders"), true);
            machine.put("load_average_before", loadBefore);
            machine.put("load_average_after", Machine.loadAverage());
            result.put("machine", machine);
            result.put("started_at", started.toString());
            result.put("events_in_store_before", eventsBefore);
            return report(started, result);
        }
    }

    private void drainOutbox() throws Exception {
        Outbox.waitUntilEmpty(o.get("pg"), o.get("pg-user"), o.get("pg-password"), o.get("eventstore-db"), 300);
    }

    private Map<String, Object> pass(Connection nats, OrderRequests requests, Bearers bearers, int orders,
                                     boolean measured) throws Exception {
        long start = System.nanoTime();
        OrderBook book = new OrderBook(new Timeline(start), terminalTypes, measured);
        ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "progress");
            t.setDaemon(true);
            return t;
        });
        Actuator actuator = new Actuator(o.get("actuator"));
        Map<String, Double> lagBefore = actuator.outboxLag();
        try (ConsumerBacklog backlog = new ConsumerBacklog(nats, o.get("stream"));
             StreamWatcher watcher = new StreamWatcher(nats, o.get("stream"), book);
             ReadModelPoller poller = new ReadModelPoller(o.get("pg") + o.get("orders-db"), o.get("pg-user"),
                     o.get("pg-password"), book, terminalStatuses, o.integer("poll-ms"))) {
            progress.scheduleAtFixedRate(() -> progressLine(book, start), 1, 1, TimeUnit.SECONDS);
            PostDriver driver = new PostDriver(java.util.Arrays.stream(o.get("api").split(","))
                    .map(String::trim).map(URI::create).toList(), book, requests, bearers);
            double rate = o.rate();
            if (rate > 0) {
                driver.openLoop(orders, rate);
            } else {
                driver.closedLoop(orders, o.integer("concurrency"));
            }
            long sendEnd = System.nanoTime();
            Map<String, Double> lagAfterLoad = actuator.outboxLag();
            long drainDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(o.integer("drain"));
            while (book.completed.get() < book.accepted.get() && System.nanoTime() < drainDeadline
                    && poller.failure() == null) {
                Thread.sleep(20);
            }
            Thread.sleep(200); // late duplicates, if any, arrive now
            long end = System.nanoTime();
            progress.shutdownNow();
            progressLine(book, start);
            if (!measured) {
                return Map.of();
            }
            List<OrderTrack> posted = book.postedOrders();
            Verification verification = new Verifier(o.get("pg"), o.get("pg-user"), o.get("pg-password"),
                    o.get("eventstore-db"), o.get("orders-db")).verify(posted, book.streamDuplicates.get());
            Map<String, Object> summary = summary(book, posted, verification, start, sendEnd, end, lagBefore, lagAfterLoad);
            @SuppressWarnings("unchecked")
            Map<String, Object> results = (Map<String, Object>) summary.get("results");
            results.put("consumer_backlog", backlog.report());
            results.put("consumer_backlog_per_second", backlog.perSecond());
            System.err.println("loadtool: consumer backlog, mean (peak) pending/ack-pending: " + backlog.line());
            return summary;
        } finally {
            progress.shutdownNow();
        }
    }

    private Map<String, Object> summary(OrderBook book, List<OrderTrack> posted, Verification verification,
                                        long start, long sendEnd, long end,
                                        Map<String, Double> lagBefore, Map<String, Double> lagAfter) {
        long[] post = posted.stream().mapToLong(OrderTrack::postLatencyMicros).toArray();
        long[] e2e = posted.stream().filter(t -> t.readModelNanos != 0).mapToLong(OrderTrack::endToEndMicros).toArray();
        long lastCompletion = posted.stream().mapToLong(t -> t.readModelNanos).max().orElse(start);
        double sendSeconds = (sendEnd - start) / 1e9;
        double completionSeconds = Math.max(1e-9, (lastCompletion - start) / 1e9);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("kind", "orders");
        r.put("label", o.get("label"));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("orders", o.integer("orders"));
        config.put("mode", o.rate() > 0 ? "open loop" : "closed loop");
        config.put("concurrency", o.rate() > 0 ? null : o.integer("concurrency"));
        config.put("rate_per_s", o.rate() > 0 ? o.rate() : null);
        config.put("warmup_orders", o.integer("warmup"));
        config.put("api", o.get("api"));
        config.put("terminal_events", terminalTypes);
        r.put("config", config);
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("sent", book.sent.get());
        results.put("accepted", book.accepted.get());
        results.put("failed", book.failed.get());
        results.put("failures_by_status", book.failures);
        results.put("send_seconds", round(sendSeconds));
        results.put("accepted_per_s", round(book.accepted.get() / sendSeconds));
        results.put("post_latency", Percentiles.ofMicros(post));
        results.put("completed", e2e.length);
        results.put("completed_per_s", round(e2e.length / completionSeconds));
        results.put("completion_seconds", round(completionSeconds));
        results.put("steady_completed_per_s", steadyCompletions(book.timeline.seconds()));
        results.put("end_to_end_latency", Percentiles.ofMicros(e2e));
        results.put("commit_to_consumer_lag", book.commitToConsumerMicros.percentiles());
        results.put("eventstore_outbox_lag_metric", lagAfter);
        results.put("eventstore_outbox_lag_metric_before", lagBefore);
        results.put("stream_messages", book.streamMessages.get());
        results.put("total_seconds", round((end - start) / 1e9));
        r.put("results", results);
        r.put("verification", verification);
        r.put("timeline", book.timeline.seconds());
        return r;
    }

    /**
     * The median of the per-second completions from the first second with a completion to the
     * last, leaving out those two (partial) seconds: what the pipeline sustained once orders
     * reached its end, whether they did so during the sending or after it.
     */
    static double steadyCompletions(List<Timeline.Second> seconds) {
        int first = 0;
        int last = seconds.size() - 1;
        while (first <= last && seconds.get(first).completed() == 0) {
            first++;
        }
        while (last >= first && seconds.get(last).completed() == 0) {
            last--;
        }
        if (first > last) {
            return 0;
        }
        long[] span = seconds.subList(first, last + 1).stream().mapToLong(Timeline.Second::completed).toArray();
        long[] middle = span.length > 2 ? Arrays.copyOfRange(span, 1, span.length - 1) : span;
        Arrays.sort(middle);
        return middle[middle.length / 2];
    }

    private int report(Instant started, Map<String, Object> result) throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, Object> results = (Map<String, Object>) result.get("results");
        Verification v = (Verification) result.get("verification");
        Percentiles post = (Percentiles) results.get("post_latency");
        Percentiles e2e = (Percentiles) results.get("end_to_end_latency");
        Percentiles lag = (Percentiles) results.get("commit_to_consumer_lag");
        @SuppressWarnings("unchecked")
        Map<String, Object> machine = (Map<String, Object>) result.get("machine");
        @SuppressWarnings("unchecked")
        Map<String, Double> metric = (Map<String, Double>) results.get("eventstore_outbox_lag_metric");
        String name = ResultFiles.stamp(started) + "-orders";
        ResultFiles files = new ResultFiles(Path.of(o.get("out")));
        Path json = files.writeJson(name, result);
        @SuppressWarnings("unchecked")
        List<Timeline.Second> timeline = (List<Timeline.Second>) result.get("timeline");
        String setup = o.rate() > 0 ? String.format(Locale.ROOT, "%d orders at %.0f/s", o.integer("orders"), o.rate())
                : String.format(Locale.ROOT, "%d orders, %d clients", o.integer("orders"), o.integer("concurrency"));
        String setupCell = setup + "; " + result.get("events_in_store_before") + " events in store";
        Path svg = files.writeChart(name, "eventstream end to end: " + setup + " (" + started + ")", timeline);
        String correctness = v.clean() ? "ok: 0 lost, 0 duplicated, 0 mismatched"
                : String.format(Locale.ROOT, "%d not completed, %d dup events, %d stream dups, %d mismatches, %d gaps, %d missing",
                v.notCompleted(), v.duplicateEvents(), v.streamDuplicates(), v.readModelMismatches(), v.versionGaps(),
                v.missingEvents());
        if ((long) results.get("failed") > 0) {
            correctness += String.format(Locale.ROOT, "; %d POSTs failed", (long) results.get("failed"));
        }
        TableRow row = new TableRow(started.toString().substring(0, 19), "orders", o.get("label"), setupCell,
                String.format(Locale.ROOT, "%.0f accepted/s, %.0f completed/s (steady %.0f/s)",
                        results.get("accepted_per_s"), results.get("completed_per_s"), results.get("steady_completed_per_s")),
                String.format(Locale.ROOT, "POST %.1f/%.1f/%.1f/%.1f", post.p50Ms(), post.p95Ms(), post.p99Ms(), post.maxMs()),
                String.format(Locale.ROOT, "%.0f/%.0f/%.0f", e2e.p50Ms(), e2e.p95Ms(), e2e.p99Ms()),
                String.format(Locale.ROOT, "consumer %.0f/%.0f; metric %s/%s", lag.p50Ms(), lag.p99Ms(),
                        metric.getOrDefault("p50_ms", Double.NaN), metric.getOrDefault("p99_ms", Double.NaN)),
                correctness, machine.get("load_average_before") + " → " + machine.get("load_average_after"),
                json.getFileName().toString());
        Path table = files.appendRows(List.of(row));
        System.out.println();
        System.out.printf(Locale.ROOT, "orders       %s%n", setup);
        System.out.printf(Locale.ROOT, "accepted     %d of %d sent (%d failed), %.1f/s%n", results.get("accepted"),
                results.get("sent"), results.get("failed"), results.get("accepted_per_s"));
        System.out.printf(Locale.ROOT, "POST         p50 %.1f  p95 %.1f  p99 %.1f  max %.1f ms%n",
                post.p50Ms(), post.p95Ms(), post.p99Ms(), post.maxMs());
        System.out.printf(Locale.ROOT, "completed    %d, %.1f/s overall, %.0f/s steady (median second)%n",
                results.get("completed"), results.get("completed_per_s"), results.get("steady_completed_per_s"));
        System.out.printf(Locale.ROOT, "end to end   p50 %.0f  p95 %.0f  p99 %.0f  max %.0f ms (POST until the read model shows the end state)%n",
                e2e.p50Ms(), e2e.p95Ms(), e2e.p99Ms(), e2e.maxMs());
        System.out.printf(Locale.ROOT, "commit->consumer lag  p50 %.1f  p95 %.1f  p99 %.1f ms (created_at to arrival here over JetStream)%n",
                lag.p50Ms(), lag.p95Ms(), lag.p99Ms());
        System.out.printf(Locale.ROOT, "event store's outbox lag metric (commit->JetStream ack, rolling window): %s%n", metric);
        System.out.printf(Locale.ROOT, "verification %s%n", correctness);
        v.examples().forEach(e -> System.out.println("  " + e));
        System.out.printf(Locale.ROOT, "load average %s -> %s on %s cpus%n", machine.get("load_average_before"),
                machine.get("load_average_after"), machine.get("cpus"));
        System.out.printf("written      %s, %s, %s%n", json, svg, table);
        return v.clean() && (long) results.get("failed") == 0 ? 0 : 1;
    }

    private static void progressLine(OrderBook book, long start) {
        long now = System.nanoTime();
        Timeline.Second last = book.timeline.lastFullSecond(now);
        System.err.printf(Locale.ROOT,
                "[%4ds] sent %d  accepted %d  failed %d  ended(stream) %d  completed %d | last second: %d accepted/s, POST p99 %.1f ms, %d completed/s, e2e p99 %.0f ms%n",
                (now - start) / 1_000_000_000L, book.sent.get(), book.accepted.get(), book.failed.get(),
                book.terminalSeen.get(), book.completed.get(), last.accepted(), last.postP99Ms(), last.completed(),
                last.e2eP99Ms());
    }

    private static double round(double v) {
        return Math.round(v * 10.0) / 10.0;
    }
}
