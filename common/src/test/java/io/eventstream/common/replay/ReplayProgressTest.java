package io.eventstream.common.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The progress a replay reports: as metrics, as plain lines (no terminal) and as a bar (a terminal). */
class ReplayProgressTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @Test
    void metricsFollowThePositionTheLogsEndAndTheCount() {
        ReplayProgress progress = new ReplayProgress("read-model", meters, null, false);
        progress.logEnd(1000);
        progress.applied(300, 300);
        progress.applied(200, 520);

        assertThat(meters.get("eventstream.rebuild.events").tag("projection", "read-model").counter().count())
                .isEqualTo(500);
        assertThat(meters.get("eventstream.rebuild.position").gauge().value()).isEqualTo(520);
        assertThat(meters.get("eventstream.rebuild.log.end").gauge().value()).isEqualTo(1000);
        assertThat(meters.get("eventstream.rebuild.lag").gauge().value()).isEqualTo(480);
        assertThat(progress.done()).isEqualTo(500);
    }

    @Test
    void withoutATerminalTheLastLineIsPlainAndSaysWhatWasDone() {
        ReplayProgress progress = new ReplayProgress("read-model", meters, new PrintStream(out, true, StandardCharsets.UTF_8), false);
        progress.logEnd(2000);
        progress.applied(2000, 2000);
        progress.finish("generation 2 is live");

        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).doesNotContain("\r").contains("read-model 100% 2,000 events (position 2,000 of 2,000)")
                .contains("events/s, 0:00:00 left").endsWith("read-model: generation 2 is live\n");
    }

    @Test
    void onATerminalItDrawsABarInPlace() {
        ReplayProgress progress = new ReplayProgress("read-model", meters, new PrintStream(out, true, StandardCharsets.UTF_8), true);
        progress.logEnd(4);
        progress.applied(2, 2);
        progress.finish("done");

        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("\r[" + "#".repeat(15) + ".".repeat(15) + "] read-model  50%")
                .endsWith("\ndone\n");
    }
}
