package io.eventstream.loadtool.stats;

import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Latencies in microseconds, recorded by many threads at once (HTTP clients, gRPC callers, the
 * JetStream dispatcher) into an HdrHistogram: a fixed-size record however many samples a run
 * takes, instead of every sample kept and sorted.
 *
 * <p>Three significant digits: a value is kept to within 0.1 % (exact below 2,048 µs), which is
 * finer than the 0.1 ms the tool prints for anything above 100 ms. The histogram resizes itself to
 * the largest value recorded, so no latency is out of range.
 */
public final class Latencies {

    static final int SIGNIFICANT_DIGITS = 3;

    /**
     * A second of the timeline: 2 digits (1 %) are enough for a chart and a progress line, and keep
     * each of a long run's many per-second histograms small (with latencies up to 6 s: 18 KB, where
     * 3 digits take 115 KB, and a ConcurrentHistogram twice that; getEstimatedFootprintInBytes).
     */
    static final int PER_SECOND_DIGITS = 2;

    private final AbstractHistogram histogram;

    /** For any number of recording threads: ConcurrentHistogram records wait-free. */
    public Latencies() {
        this(new ConcurrentHistogram(SIGNIFICANT_DIGITS));
    }

    private Latencies(AbstractHistogram histogram) {
        this.histogram = histogram;
    }

    /** One second of {@link Timeline}, which records under its own lock: a plain Histogram. */
    static Latencies perSecond() {
        return new Latencies(new Histogram(PER_SECOND_DIGITS));
    }

    /** Latencies of values already at hand. */
    public static Latencies of(long... micros) {
        Latencies latencies = new Latencies();
        for (long value : micros) {
            latencies.record(value);
        }
        return latencies;
    }

    /** A negative latency (clocks of two machines) counts as 0: a histogram holds no negative values. */
    public void record(long micros) {
        histogram.recordValue(Math.max(0, micros));
    }

    public long count() {
        return histogram.getTotalCount();
    }

    public Percentiles percentiles() {
        return Percentiles.of(histogram);
    }
}
