package io.eventstream.eventstore.outbox;

import io.eventstream.common.sql.SqlRetry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Moves committed events from the outbox to JetStream, for ever, on one thread.
 *
 * <p>Each round: hold the lease; in one transaction, delete what JetStream acked in the
 * previous round and give newly committed events their positions; read the positioned ones
 * after those already sent; wait for the acks of the batch in flight; send the new batch in
 * position order. (One commit per round: the deletes ride along with the next numbering. The
 * database work of a round overlaps JetStream's acks of the previous one; a batch is sent
 * only once the one before is fully acked, so a failed publish is retried in order, from the
 * first unacked event.) A crash at any
 * point loses nothing: unpublished events stay in the outbox, and an event published
 * but not yet deleted is published again with the same Nats-Msg-Id, which JetStream
 * drops as a duplicate. The relay sleeps only when there is nothing to do, and an
 * append in this process wakes it at once.
 */
public class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final OutboxProperties props;
    private final RelayLease lease;
    private final PositionAssigner positions;
    private final OutboxStore outbox;
    private final JetStreamPublisher publisher;
    private final TransactionTemplate tx;
    private final Signal appended;
    private final Signal positioned;
    private final Timer lag;
    private final OutboxStatistics statistics;
    private volatile boolean running;
    private Thread thread;

    public OutboxRelay(OutboxProperties props, RelayLease lease, PositionAssigner positions, OutboxStore outbox,
                       JetStreamPublisher publisher, TransactionTemplate tx, Signal appended, Signal positioned,
                       MeterRegistry meters, OutboxStatistics statistics) {
        this.props = props;
        this.statistics = statistics;
        this.lease = lease;
        this.positions = positions;
        this.outbox = outbox;
        this.publisher = publisher;
        this.tx = tx;
        this.appended = appended;
        this.positioned = positioned;
        this.lag = Timer.builder("eventstore.outbox.lag")
                .description("Time from an event's commit to JetStream's ack of its publish")
                .publishPercentiles(0.5, 0.95, 0.99)
                .register(meters);
        meters.gauge("eventstore.outbox.backlog", outbox, o -> safeBacklog(o));
    }

    @Override
    public synchronized void start() {
        running = true;
        thread = new Thread(this::run, "outbox-relay");
        thread.start();
        log.info("outbox relay started as {}", lease.owner());
    }

    @Override
    public void stop() {
        Thread t;
        synchronized (this) {
            running = false;
            t = thread;
        }
        appended.fire();
        if (t != null) {
            try {
                t.join(props.publishTimeout().toMillis() + 5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            lease.release();
        } catch (RuntimeException e) {
            log.debug("could not release the relay lease: {}", e.toString());
        }
        log.info("outbox relay stopped");
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops after the gRPC server, so appends accepted during shutdown are still published. */
    @Override
    public int getPhase() {
        return 0;
    }

    private void run() {
        Duration backoff = Duration.ZERO;
        List<PendingEvent> acked = List.of();
        JetStreamPublisher.Sent inFlight = null;
        long sentUpTo = 0;
        // The append generation the last look at the outbox saw, and whether that look left work behind.
        long lookedAt = -1;
        boolean more = false;
        while (running) {
            try {
                long seen = appended.generation();
                if (!lease.hold()) {
                    // What is in flight is published again by the lease's holder (same Nats-Msg-Id).
                    inFlight = null;
                    sentUpTo = 0;
                    appended.awaitAfter(seen, props.standbyPoll());
                    continue;
                }
                List<PendingEvent> next = List.of();
                // With a batch in flight and nothing appended since the last look, a look would find
                // nothing: at low load that was two transactions and two queries per event for nothing.
                // Then only wait for the acks; their delete rides along with the next positions.
                if (inFlight == null || seen != lookedAt || more) {
                    // While JetStream acks the batch in flight: delete the last acked batch, number the
                    // next events and read them.
                    int numbered = deleteAndPosition(acked);
                    if (numbered > 0) {
                        positioned.fire();
                    }
                    acked = List.of();
                    lookedAt = seen;
                    next = outbox.pendingAfter(sentUpTo, props.batchSize());
                    more = numbered >= props.batchSize() || next.size() >= props.batchSize();
                    if (numbered >= props.batchSize()) {
                        statistics.backlogSeen(); // a backlog: plan the pick for it (OutboxStatistics)
                    }
                }
                if (inFlight != null) {
                    List<PendingEvent> sent = inFlight.batch();
                    int published = inFlight.awaitAcks();
                    inFlight = null;
                    acked = concat(acked, sent.subList(0, published));
                    recordLag(sent.subList(0, published));
                    if (published < sent.size()) {
                        // Publish again from the first unacked event, in order: never past it.
                        sentUpTo = published == 0 ? sent.get(0).event().position() - 1
                                : sent.get(published - 1).event().position();
                        more = true;
                        backoff = nextBackoff(backoff);
                        Thread.sleep(backoff.toMillis());
                        continue;
                    }
                    backoff = Duration.ZERO;
                }
                if (next.isEmpty()) {
                    // Nothing to send: wait for the next append (the acked rows are deleted with its
                    // positions, or at the idle poll), then linger so that the appends of the next
                    // moment share one round: at moderate load a round per event cost more than the event.
                    appended.awaitAfter(seen, props.idlePoll());
                    if (appended.generation() != seen && !props.linger().isZero()) {
                        Thread.sleep(props.linger().toMillis(), props.linger().toNanosPart() % 1_000_000);
                    }
                    continue;
                }
                inFlight = publisher.send(next);
                sentUpTo = next.get(next.size() - 1).event().position();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                backoff = nextBackoff(backoff);
                log.warn("outbox relay round failed, retrying in {} ms: {}", backoff.toMillis(), e.toString());
                lease.forget();
                inFlight = null;
                sentUpTo = 0;
                sleepQuietly(backoff);
            }
        }
        List<PendingEvent> done = new java.util.ArrayList<>(acked);
        if (inFlight != null) {
            done.addAll(awaitQuietly(inFlight));
        }
        deleteQuietly(done);
    }

    private static List<PendingEvent> concat(List<PendingEvent> a, List<PendingEvent> b) {
        if (a.isEmpty()) {
            return b;
        }
        List<PendingEvent> both = new java.util.ArrayList<>(a);
        both.addAll(b);
        return both;
    }

    private static List<PendingEvent> awaitQuietly(JetStreamPublisher.Sent sent) {
        try {
            return sent.batch().subList(0, sent.awaitAcks());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    /** Deletes the acked events' outbox rows and positions the next events, in one transaction. */
    private int deleteAndPosition(List<PendingEvent> acked) {
        Integer count = SqlRetry.call(attempt -> tx.execute(status -> {
            outbox.published(acked);
            return positions.assignNext(props.batchSize());
        }));
        return count == null ? 0 : count;
    }

    /** On the way out; if it fails, the events are published again (same Nats-Msg-Id) by the next relay. */
    private void deleteQuietly(List<PendingEvent> acked) {
        try {
            outbox.published(acked);
        } catch (RuntimeException e) {
            log.debug("could not delete {} published outbox rows: {}", acked.size(), e.toString());
        }
    }

    private void recordLag(List<PendingEvent> done) {
        Instant now = Instant.now();
        for (PendingEvent p : done) {
            lag.record(Duration.between(p.enqueuedAt(), now).abs());
        }
    }

    private static Duration nextBackoff(Duration current) {
        Duration next = current.isZero() ? Duration.ofMillis(50) : current.multipliedBy(2);
        return next.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : next;
    }

    private static void sleepQuietly(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static double safeBacklog(OutboxStore outbox) {
        try {
            return outbox.backlog();
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }
}
