package io.eventstream.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventstream.eventstore.append.AppendOutcome;
import io.micrometer.core.instrument.DistributionSummary;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Group commit under concurrent calls: they share commits (fewer transactions than events), and
 * an aggregate's versions still follow its events' arrival order. Unlike the other group-commit
 * tests it starts the appender (two writers) before the calls, so the batches are whatever the
 * load makes them; it is a class of its own because it checks the sharing itself, not what one
 * known batch gives each event ({@link GroupCommitOutcomeTest}, {@link GroupCommitFailureTest}).
 */
class GroupCommitSharingTest extends GroupCommitFixture {

    @Test
    void concurrentCallsShareCommits() throws Exception {
        appender = appender(dataSource(), 2);
        appender.start();
        List<CompletableFuture<AppendOutcome>> results = new java.util.ArrayList<>();
        for (int i = 0; i < 400; i++) {
            results.add(appender.append(newEvent("agg-" + (i % 40), "{\"i\":" + i + "}"), OptionalLong.empty()));
        }
        for (CompletableFuture<AppendOutcome> r : results) {
            r.get(20, TimeUnit.SECONDS);
        }
        for (int a = 0; a < 40; a++) {
            assertThat(versions("agg-" + a)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
            // Arrival order within an aggregate is version order.
            List<String> payloads = jdbc.queryForList("SELECT payload FROM events WHERE aggregateid = ? ORDER BY version",
                    String.class, "agg-" + a);
            List<Integer> order = payloads.stream().map(p -> Integer.parseInt(p.replaceAll("\\D", ""))).toList();
            assertThat(order).isSorted();
        }
        DistributionSummary batches = meters.get("eventstore.append.batch").summary();
        assertThat(batches.totalAmount()).isEqualTo(400);
        assertThat(batches.count()).as("fewer transactions than events").isLessThan(400);
        StreamReader.awaitCount(nats, stream, 400, 20_000);
    }
}
