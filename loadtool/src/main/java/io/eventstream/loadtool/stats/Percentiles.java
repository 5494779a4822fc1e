package io.eventstream.loadtool.stats;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;

/**
 * Percentiles of a set of latencies in microseconds, by nearest rank: p99 of 100 values is
 * the 99th smallest, never an interpolation between two (a reported latency really happened).
 */
public record Percentiles(long count, @JsonProperty("p50_ms") double p50Ms, @JsonProperty("p95_ms") double p95Ms,
                          @JsonProperty("p99_ms") double p99Ms, @JsonProperty("max_ms") double maxMs,
                          @JsonProperty("mean_ms") double meanMs) {

    public static final Percentiles EMPTY = new Percentiles(0, 0, 0, 0, 0, 0);

    public static Percentiles ofMicros(long[] micros) {
        if (micros.length == 0) {
            return EMPTY;
        }
        long[] sorted = micros.clone();
        Arrays.sort(sorted);
        double sum = 0;
        for (long v : sorted) {
            sum += v;
        }
        return new Percentiles(sorted.length, ms(rank(sorted, 0.50)), ms(rank(sorted, 0.95)),
                ms(rank(sorted, 0.99)), ms(sorted[sorted.length - 1]), round(sum / sorted.length / 1000.0));
    }

    /** The nearest-rank percentile of sorted values: the smallest value with at least p of all at or below it. */
    public static long rank(long[] sorted, double p) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static double ms(long micros) {
        return round(micros / 1000.0);
    }

    static double round(double ms) {
        return Math.round(ms * 100.0) / 100.0;
    }
}
