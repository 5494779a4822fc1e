package io.eventstream.loadtool.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class PercentilesTest {

    @Test
    void nearestRankOfAHundredValuesIsTheValueAtThatRank() {
        long[] micros = LongStream.rangeClosed(1, 100).map(v -> v * 1000).toArray();
        Percentiles p = Percentiles.ofMicros(micros);
        assertThat(p.count()).isEqualTo(100);
        assertThat(p.p50Ms()).isEqualTo(50.0);
        assertThat(p.p95Ms()).isEqualTo(95.0);
        assertThat(p.p99Ms()).isEqualTo(99.0);
        assertThat(p.maxMs()).isEqualTo(100.0);
        assertThat(p.meanMs()).isEqualTo(50.5);
    }

    @Test
    void aPercentileIsAlwaysAValueThatHappened() {
        long[] micros = {10_000, 1_000, 3_000};
        Percentiles p = Percentiles.ofMicros(micros);
        assertThat(p.p50Ms()).isEqualTo(3.0);
        assertThat(p.p99Ms()).isEqualTo(10.0);
        assertThat(micros).containsExactly(10_000, 1_000, 3_000); // the input is left alone
    }

    @Test
    void oneSlowRequestInAHundredIsTheP99ButNotTheP95() {
        long[] micros = new long[100];
        java.util.Arrays.fill(micros, 2_000);
        micros[42] = 900_000;
        Percentiles p = Percentiles.ofMicros(micros);
        assertThat(p.p95Ms()).isEqualTo(2.0);
        assertThat(p.p99Ms()).isEqualTo(2.0);
        assertThat(p.maxMs()).isEqualTo(900.0);
        micros[43] = 900_000;
        assertThat(Percentiles.ofMicros(micros).p99Ms()).isEqualTo(900.0);
    }

    @Test
    void noValuesGiveZeros() {
        assertThat(Percentiles.ofMicros(new long[0])).isEqualTo(Percentiles.EMPTY);
    }

    @Test
    void subMillisecondValuesKeepTwoDecimals() {
        assertThat(Percentiles.ofMicros(new long[] {1234}).p50Ms()).isEqualTo(1.23);
    }
}
