package io.eventstream.saga.rebuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventstream.saga.eventstore.EventStoreRebuildLog;
import io.eventstream.saga.jdbc.JdbcRebuildStore;
import io.eventstream.saga.jdbc.JdbcSagaStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A rebuild of the log with orders in every saga state (real PostgreSQL, common's gRPC
 * FakeEventStore, pages of 4 events) killed after 3 pages: it resumes at its checkpoint and ends
 * with the same steps and states as a clean one. A class of its own, split from the rebuild's
 * tests, because it checks the checkpoint and the resumption, not what a rebuild decides.
 */
class SagaRebuildResumeTest extends SagaRebuildFixture {

    @Test
    void aRebuildThatCrashesResumesAndEndsAsACleanOne() {
        rebuild(4).run(false);
        List<String> clean = states();
        List<String> cleanSteps = allSteps();

        AtomicInteger pages = new AtomicInteger();
        RebuildLog crashing = new RebuildLog() {
            final RebuildLog log = new EventStoreRebuildLog(client, TYPES);

            @Override
            public long end() {
                return log.end();
            }

            @Override
            public List<LoggedStep> after(long position, int limit) {
                if (pages.incrementAndGet() == 4) {
                    throw new IllegalStateException("killed");
                }
                return log.after(position, limit);
            }
        };
        SagaRebuild dying = new SagaRebuild(crashing, new JdbcSagaStore(jdbc), new JdbcRebuildStore(jdbc), DEADLINE,
                Clock.systemUTC(), 4, progress -> { });
        assertThatThrownBy(() -> dying.run(true)).hasMessage("killed");
        Checkpoint halfway = new JdbcRebuildStore(jdbc).checkpoint().orElseThrow();
        assertThat(halfway.finished()).isFalse();
        assertThat(halfway.position()).isEqualTo(12);

        List<RebuildProgress> seen = new ArrayList<>();
        SagaRebuild.Result resumed = new SagaRebuild(new EventStoreRebuildLog(client, TYPES), new JdbcSagaStore(jdbc),
                new JdbcRebuildStore(jdbc), DEADLINE, Clock.systemUTC(), 4, seen::add).run(false);

        assertThat(resumed.resumed()).isTrue();
        assertThat(resumed.events()).isEqualTo(store.events().size() - 12);
        assertThat(seen.get(0).done()).isEqualTo(16);
        assertThat(seen.get(seen.size() - 1).done()).isEqualTo(store.events().size());
        assertThat(states()).isEqualTo(clean);
        assertThat(allSteps()).isEqualTo(cleanSteps);
        assertThat(new JdbcRebuildStore(jdbc).checkpoint().orElseThrow().finished()).isTrue();

        // Once finished, a run starts over (emptying sagadb first) and ends the same.
        assertThat(rebuild(5).run(false).resumed()).isFalse();
        assertThat(states()).isEqualTo(clean);
    }
}
