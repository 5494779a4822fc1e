package io.eventstream.loadtool.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import io.eventstream.loadtool.report.ResultFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class PercentilesTest {

    @TempDir
    Path dir;

    /** HdrHistogram at 3 significant digits: a figure is the real value or up to 0.1 % above it. */
    private static void assertReports(double reportedMs, long realMicros) {
        double realMs = realMicros / 1000.0;
        assertThat(reportedMs).as("reported for %s µs", realMicros)
                .isGreaterThanOrEqualTo(Math.floor(realMs * 100) / 100)
                .isLessThanOrEqualTo(realMs * 1.001 + 0.01);
    }

    @Test
    void nearestRankOfAHundredValuesIsTheValueAtThatRank() {
        long[] micros = LongStream.rangeClosed(1, 100).map(v -> v * 1000).toArray();
        Percentiles p = Percentiles.ofMicros(micros);
        assertThat(p.count()).isEqualTo(100);
        assertReports(p.p50Ms(), 50_000);
        assertReports(p.p95Ms(), 95_000);
        assertReports(p.p99Ms(), 99_000);
        assertReports(p.maxMs(), 100_000);
        assertThat(p.meanMs()).isCloseTo(50.5, within(0.05));
        // Not the neighbours: p99 of 1..100 ms is 99 ms, neither 98 nor 100.
        assertThat(p.p99Ms()).isLessThan(99.5).isGreaterThan(98.5);
    }

    @Test
    void belowTwoMillisecondsEveryValueIsExact() {
        long[] micros = {1_999, 1_000, 1_234, 7};
        Percentiles p = Percentiles.ofMicros(micros);
        assertThat(p.p50Ms()).isEqualTo(1.0);
        assertThat(p.p95Ms()).isEqualTo(2.0); // 1.999 to two decimals
        assertThat(p.maxMs()).isEqualTo(2.0);
        assertThat(Percentiles.ofMicros(1234).p50Ms()).isEqualTo(1.23);
        assertThat(micros).containsExactly(1_999, 1_000, 1_234, 7); // the input is left alone
    }

    @Test
    void aPercentileIsAValueThatHappenedToWithinTheHistogramsPrecision() {
        Random random = new Random(42);
        long[] micros = random.longs(10_000, 100, 5_000_000).toArray();
        Percentiles p = Percentiles.ofMicros(micros);
        long[] sorted = micros.clone();
        Arrays.sort(sorted);
        // nearest rank: the ceil(p * n)-th smallest
        assertReports(p.p50Ms(), sorted[5_000 - 1]);
        assertReports(p.p95Ms(), sorted[9_500 - 1]);
        assertReports(p.p99Ms(), sorted[9_900 - 1]);
        assertReports(p.maxMs(), sorted[sorted.length - 1]);
    }

    @Test
    void oneSlowRequestInAHundredIsTheP99ButNotTheP95() {
        long[] micros = new long[100];
        Arrays.fill(micros, 2_000);
        micros[42] = 900_000;
        Percentiles p = Percentiles.ofMicros(micros);
        assertThat(p.p95Ms()).isEqualTo(2.0);
        assertThat(p.p99Ms()).isEqualTo(2.0);
        assertReports(p.maxMs(), 900_000);
        micros[43] = 900_000;
        assertReports(Percentiles.ofMicros(micros).p99Ms(), 900_000);
    }

    @Test
    void noValuesGiveZeros() {
        assertThat(Percentiles.ofMicros()).isEqualTo(Percentiles.EMPTY);
        assertThat(new Latencies().percentiles()).isEqualTo(Percentiles.EMPTY);
    }

    @Test
    void aNegativeLatencyCountsAsZero() {
        Latencies latencies = new Latencies();
        latencies.record(-5);
        latencies.record(3_000);
        assertThat(latencies.count()).isEqualTo(2);
        assertThat(latencies.percentiles().p50Ms()).isZero();
    }

    @Test
    void latenciesRecordedByManyThreadsAreAllCounted() throws Exception {
        Latencies latencies = new Latencies();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int offset = t;
            Thread thread = new Thread(() -> {
                for (int i = 1; i <= 10_000; i++) {
                    latencies.record(i * 10L + offset);
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        Percentiles p = latencies.percentiles();
        assertThat(p.count()).isEqualTo(80_000);
        assertReports(p.maxMs(), 100_007);
        assertReports(p.p50Ms(), 50_000);
    }

    @Test
    void theResultFilesKeepTheNamesAndUnitsThatBenchSummaryReads() throws Exception {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("post_latency", Percentiles.ofMicros(1_000, 2_000, 250_000));
        Path file = new ResultFiles(dir).writeJson("run", result);

        JsonNode json = JsonMapper.builder().build().readTree(Files.readString(file, StandardCharsets.UTF_8));
        JsonNode post = json.get("post_latency");
        List<String> names = new ArrayList<>();
        post.propertyNames().forEach(names::add);
        assertThat(names).containsExactly("count", "p50_ms", "p95_ms", "p99_ms", "max_ms", "mean_ms");
        assertThat(post.get("count").asLong()).isEqualTo(3);
        assertThat(post.get("p50_ms").asDouble()).isEqualTo(2.0);
        assertThat(post.get("max_ms").asDouble()).isCloseTo(250.0, within(0.25));
    }
}
