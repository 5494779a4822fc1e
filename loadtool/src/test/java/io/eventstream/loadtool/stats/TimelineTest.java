package io.eventstream.loadtool.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TimelineTest {

    private static final long S = 1_000_000_000L;

    @Test
    void groupsEventsByTheSecondTheyHappenedInAndFillsQuietSeconds() {
        Timeline t = new Timeline(100 * S);
        t.accepted(100 * S + 10, 2_000);
        t.accepted(100 * S + S / 2, 4_000);
        t.completed(102 * S + 1, 300_000);
        List<Timeline.Second> seconds = t.seconds();
        assertThat(seconds).hasSize(3);
        assertThat(seconds.get(0).accepted()).isEqualTo(2);
        // A second's latencies are kept to 2 significant digits: at most 1 % above what happened.
        assertThat(seconds.get(0).postP50Ms()).isBetween(2.0, 2.02);
        assertThat(seconds.get(0).postP99Ms()).isBetween(4.0, 4.04);
        assertThat(seconds.get(1)).isEqualTo(new Timeline.Second(1, 0, 0, 0, 0, 0, 0));
        assertThat(seconds.get(2).completed()).isEqualTo(1);
        assertThat(seconds.get(2).e2eP99Ms()).isBetween(300.0, 303.0);
    }

    @Test
    void theProgressLineShowsTheLastCompleteSecond() {
        Timeline t = new Timeline(0);
        t.accepted(S / 2, 1_000);
        t.accepted(S + 1, 9_000);
        assertThat(t.lastFullSecond(S + S / 2).accepted()).isEqualTo(1);
        assertThat(t.lastFullSecond(S / 2).accepted()).isZero();
        assertThat(t.lastFullSecond(10 * S).accepted()).isZero();
    }

    @Test
    void anEmptyTimelineHasNoSeconds() {
        assertThat(new Timeline(0).seconds()).isEmpty();
    }
}
