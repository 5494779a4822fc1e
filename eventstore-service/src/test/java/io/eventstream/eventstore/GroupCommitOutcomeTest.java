package io.eventstream.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventstream.eventstore.append.AppendOutcome;
import io.eventstream.eventstore.append.EventIdConflictException;
import io.eventstream.eventstore.append.NewEvent;
import io.eventstream.eventstore.append.VersionConflictException;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Group commit, one batch of events that all reach the database: every event keeps its own
 * outcome, as if appended alone (stored, a duplicate, an id clash, a version conflict), and the
 * events of one aggregate get consecutive versions in arrival order. Split from the one
 * group-commit test class so that the outcomes are read apart from the failures
 * ({@link GroupCommitFailureTest}).
 */
class GroupCommitOutcomeTest extends GroupCommitFixture {

    @Test
    void aMixedBatchGivesEachEventItsOwnOutcomeAndCommitsTheGoodOnes() throws Exception {
        NewEvent stored = newEvent("agg-a", "{\"n\":0}");
        AppendOutcome before = appendAlone(stored);
        NewEvent fresh = newEvent("agg-b", "{\"n\":1}");
        NewEvent sameAgain = stored;
        NewEvent sameIdOtherContent = new NewEvent(stored.eventId(), created(), "agg-a", "order", "{\"n\":99}", stream,
                Map.of());
        NewEvent staleExpectation = newEvent("agg-a", "{\"n\":2}");
        NewEvent expectingNew = newEvent("agg-c", "{\"n\":3}");

        appender = appender(dataSource(), 1);
        var a = appender.append(fresh, OptionalLong.empty());
        var b = appender.append(sameAgain, OptionalLong.empty());
        var c = appender.append(sameIdOtherContent, OptionalLong.empty());
        var d = appender.append(staleExpectation, OptionalLong.of(5));
        var e = appender.append(expectingNew, OptionalLong.of(0));
        appender.start();

        assertThat(a.get(10, TimeUnit.SECONDS)).isEqualTo(new AppendOutcome(1, false));
        assertThat(b.get(10, TimeUnit.SECONDS)).isEqualTo(new AppendOutcome(before.version(), true));
        assertThat(failure(c)).isInstanceOf(EventIdConflictException.class);
        assertThat(failure(d)).isInstanceOfSatisfying(VersionConflictException.class,
                conflict -> assertThat(conflict.currentVersion()).isEqualTo(1));
        assertThat(e.get(10, TimeUnit.SECONDS)).isEqualTo(new AppendOutcome(1, false));
        assertOneBatchOf(5);

        assertThat(versions("agg-a")).containsExactly(1L);
        assertThat(payload(stored.eventId())).isEqualTo("{\"n\":0}");
        StreamReader.awaitCount(nats, stream, 3, 10_000);
        Thread.sleep(300);
        assertThat(StreamReader.count(nats, stream)).isEqualTo(3);
    }

    @Test
    void eventsOfOneAggregateInOneBatchGetConsecutiveVersionsInArrivalOrder() throws Exception {
        appendAlone(newEvent("agg-x", "{\"i\":0}"));
        List<NewEvent> events = List.of(newEvent("agg-x", "{\"i\":1}"), newEvent("agg-y", "{\"i\":1}"),
                newEvent("agg-x", "{\"i\":2}"), newEvent("agg-x", "{\"i\":3}"), newEvent("agg-x", "{\"i\":4}"));
        List<OptionalLong> expected = List.of(OptionalLong.empty(), OptionalLong.of(0), OptionalLong.of(2),
                OptionalLong.of(2), OptionalLong.empty());

        appender = appender(dataSource(), 1);
        List<CompletableFuture<AppendOutcome>> results = new java.util.ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            results.add(appender.append(events.get(i), expected.get(i)));
        }
        appender.start();

        assertThat(results.get(0).get(10, TimeUnit.SECONDS).version()).isEqualTo(2);
        assertThat(results.get(1).get(10, TimeUnit.SECONDS).version()).isEqualTo(1);
        assertThat(results.get(2).get(10, TimeUnit.SECONDS).version()).isEqualTo(3);
        // Expected 2 as well, but the event before it in the batch made the aggregate 3.
        assertThat(failure(results.get(3))).isInstanceOfSatisfying(VersionConflictException.class,
                conflict -> assertThat(conflict.currentVersion()).isEqualTo(3));
        assertThat(results.get(4).get(10, TimeUnit.SECONDS).version()).isEqualTo(4);
        assertOneBatchOf(5);
        assertThat(jdbc.queryForList("SELECT payload FROM events WHERE aggregateid = 'agg-x' ORDER BY version",
                String.class)).containsExactly("{\"i\":0}", "{\"i\":1}", "{\"i\":2}", "{\"i\":4}");
    }

    @Test
    void theSameEventTwiceInOneBatchIsStoredOnceAndAnsweredAsADuplicate() throws Exception {
        NewEvent event = newEvent("agg-d", "{}");
        appender = appender(dataSource(), 1);
        var first = appender.append(event, OptionalLong.empty());
        var again = appender.append(event, OptionalLong.empty());
        appender.start();

        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(new AppendOutcome(1, false));
        assertThat(again.get(10, TimeUnit.SECONDS)).isEqualTo(new AppendOutcome(1, true));
        assertThat(versions("agg-d")).containsExactly(1L);
    }
}
