package io.eventstream.loadtool.stats;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.HdrHistogram.AbstractHistogram;

/**
 * The figures of a set of latencies, in milliseconds (two decimals), as the result files and
 * {@code scripts/bench-summary.py} name them. Computed by HdrHistogram from {@link Latencies}:
 * a percentile is nearest-rank (p99 of 100 values is the 99th smallest, never an interpolation
 * between two), reported as the top of that value's histogram bucket, so at most 0.1 % above the
 * latency that happened and never below it; the same for the max. The mean is HdrHistogram's
 * (each value counted at the middle of its bucket).
 */
public record Percentiles(long count, @JsonProperty("p50_ms") double p50Ms, @JsonProperty("p95_ms") double p95Ms,
                          @JsonProperty("p99_ms") double p99Ms, @JsonProperty("max_ms") double maxMs,
                          @JsonProperty("mean_ms") double meanMs) {

    public static final Percentiles EMPTY = new Percentiles(0, 0, 0, 0, 0, 0);

    public static Percentiles ofMicros(long... micros) {
        return Latencies.of(micros).percentiles();
    }

    /** From a histogram of microseconds. */
    static Percentiles of(AbstractHistogram micros) {
        if (micros.getTotalCount() == 0) {
            return EMPTY;
        }
        return new Percentiles(micros.getTotalCount(), ms(micros.getValueAtPercentile(50)),
                ms(micros.getValueAtPercentile(95)), ms(micros.getValueAtPercentile(99)), ms(micros.getMaxValue()),
                round(micros.getMean() / 1000.0));
    }

    private static double ms(long micros) {
        return round(micros / 1000.0);
    }

    static double round(double ms) {
        return Math.round(ms * 100.0) / 100.0;
    }
}
