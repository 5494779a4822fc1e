package io.eventstream.loadtool.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * What happened in each second of a run: how many requests were accepted and orders completed
 * in it, and the latencies of those (to 1 %: {@link Latencies#perSecond()}). Feeds the progress line
 * and the chart.
 */
public final class Timeline {

    /** One second of the run; latencies in ms, 0 when nothing happened. */
    public record Second(int second, long accepted, long completed, double postP50Ms, double postP99Ms,
                         double e2eP50Ms, double e2eP99Ms) {
    }

    private final long startNanos;
    private final TreeMap<Integer, Bucket> buckets = new TreeMap<>();

    public Timeline(long startNanos) {
        this.startNanos = startNanos;
    }

    public long startNanos() {
        return startNanos;
    }

    /** A request answered at {@code atNanos} after {@code latencyMicros}. */
    public synchronized void accepted(long atNanos, long latencyMicros) {
        bucket(atNanos).post.record(latencyMicros);
    }

    /** An order that reached its end at {@code atNanos}, {@code latencyMicros} after its POST. */
    public synchronized void completed(long atNanos, long latencyMicros) {
        bucket(atNanos).e2e.record(latencyMicros);
    }

    public synchronized List<Second> seconds() {
        List<Second> rows = new ArrayList<>();
        if (buckets.isEmpty()) {
            return rows;
        }
        for (int s = 0; s <= buckets.lastKey(); s++) {
            Bucket b = buckets.get(s);
            if (b == null) {
                rows.add(new Second(s, 0, 0, 0, 0, 0, 0));
                continue;
            }
            Percentiles post = b.post.percentiles();
            Percentiles e2e = b.e2e.percentiles();
            rows.add(new Second(s, post.count(), e2e.count(), post.p50Ms(), post.p99Ms(), e2e.p50Ms(), e2e.p99Ms()));
        }
        return rows;
    }

    /** The last complete second before {@code nowNanos}, or an empty one. */
    public Second lastFullSecond(long nowNanos) {
        int current = secondOf(nowNanos);
        List<Second> all = seconds();
        int wanted = current - 1;
        if (wanted < 0 || wanted >= all.size()) {
            return new Second(Math.max(0, wanted), 0, 0, 0, 0, 0, 0);
        }
        return all.get(wanted);
    }

    private int secondOf(long atNanos) {
        return (int) Math.max(0, (atNanos - startNanos) / 1_000_000_000L);
    }

    private Bucket bucket(long atNanos) {
        return buckets.computeIfAbsent(secondOf(atNanos), s -> new Bucket());
    }

    private static final class Bucket {
        final Latencies post = Latencies.perSecond();
        final Latencies e2e = Latencies.perSecond();
    }
}
