package io.eventstream.eventstore.outbox;

import io.eventstream.common.sql.SqlRetry;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The relay's first loop, on a thread and a connection of its own: gives newly committed events
 * their positions ({@link PositionAssigner}: counter lock, pick, order, write), deletes the rows
 * the publishing loop handed over in the same transaction, and fires {@code positioned}, which
 * wakes the publishing loop and the live followers.
 *
 * <p>Under a backlog (a full round) it positions the next batch at once, while the publishing loop
 * reads, sends and deletes the previous ones on its own connection: two PostgreSQL backends at
 * work instead of one. Otherwise it waits until the publisher has sent what it positioned
 * ({@link SentThrough}), then for the next append, and lingers when that append woke it from idle.
 */
final class PositioningLoop implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(PositioningLoop.class);

    private final OutboxProperties props;
    private final RelayLease lease;
    private final PositionAssigner positions;
    private final OutboxStore outbox;
    private final TransactionTemplate tx;
    private final Signal appended;
    private final Signal positioned;
    private final SentThrough sent;
    private final AckedRows acked;
    private final OutboxStatistics statistics;
    private final BooleanSupplier running;
    private volatile boolean backlog;

    PositioningLoop(OutboxProperties props, RelayLease lease, PositionAssigner positions, OutboxStore outbox,
                    TransactionTemplate tx, Signal appended, Signal positioned, SentThrough sent, AckedRows acked,
                    OutboxStatistics statistics, BooleanSupplier running) {
        this.props = props;
        this.lease = lease;
        this.positions = positions;
        this.outbox = outbox;
        this.tx = tx;
        this.appended = appended;
        this.positioned = positioned;
        this.sent = sent;
        this.acked = acked;
        this.statistics = statistics;
        this.running = running;
    }

    /** Whether the last round found a full batch: the publisher then deletes its acked rows itself. */
    boolean backlog() {
        return backlog;
    }

    @Override
    public void run() {
        Duration backoff = Duration.ZERO;
        while (running.getAsBoolean()) {
            try {
                long seen = appended.generation();
                if (!lease.hold()) {
                    backlog = false;
                    appended.awaitAfter(seen, props.standbyPoll());
                    continue;
                }
                int numbered = deleteAndPosition();
                backoff = Duration.ZERO;
                backlog = numbered >= props.batchSize();
                if (numbered > 0) {
                    positioned.fire();
                }
                if (backlog) {
                    statistics.backlogSeen(); // a backlog: plan the pick for it (OutboxStatistics)
                    continue;
                }
                if (numbered > 0) {
                    sent.awaitAtLeast(positioned.generation(), props.idlePoll());
                }
                if (appended.generation() == seen) {
                    // Nothing appended during the round: wait for the next append, then linger so that
                    // the appends of the next moment share one round.
                    appended.awaitAfter(seen, props.idlePoll());
                    if (appended.generation() != seen && !props.linger().isZero()) {
                        Thread.sleep(props.linger().toMillis(), props.linger().toNanosPart() % 1_000_000);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                backoff = Backoff.next(backoff);
                backlog = false;
                log.warn("outbox positioning failed, retrying in {} ms: {}", backoff.toMillis(), e.toString());
                lease.forget();
                Backoff.sleepQuietly(backoff);
            }
        }
    }

    /**
     * Deletes the acked rows handed over and positions the next events, in one transaction. Under a
     * backlog the rows are left to the publishing loop: this loop's rounds are the drain's critical
     * path (its order query is most of a round), that loop's connection has time to spare.
     */
    private int deleteAndPosition() {
        List<PendingEvent> done = backlog ? List.of() : acked.drain();
        try {
            Integer count = SqlRetry.call(attempt -> tx.execute(status -> {
                outbox.published(done);
                return positions.assignNext(props.batchSize());
            }));
            return count == null ? 0 : count;
        } catch (RuntimeException e) {
            acked.add(done);
            throw e;
        }
    }
}
