package io.eventstream.eventstore.outbox;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Moves committed events from the outbox to JetStream, for ever, in two loops on two threads,
 * each with its own database connection, so that two PostgreSQL backends work at once (one relay
 * thread kept one backend about 83 % busy and left the second core idle: BENCHMARKS.md, "The
 * ceiling of one relay").
 *
 * <ul>
 * <li>{@link PositioningLoop} gives newly committed events their gapless positions, in commit
 * order, and deletes the acked rows handed to it, in one transaction; then fires {@code positioned}.
 * <li>{@link PublishingLoop} reads the positioned events after the last one sent, waits for the acks
 * of the batch in flight, sends the next batch in position order, and has the acked rows deleted.
 * </ul>
 *
 * <p>Both hold the lease ({@link RelayLease}): only its holder positions (checked again inside the
 * position transaction) and publishes (checked before every send). Events are published in
 * position order; a failed publish is retried in order from the first unacked event and never past
 * it. A crash at any point loses nothing: unpublished events stay in the outbox, and an event
 * published but not yet deleted is published again with the same Nats-Msg-Id, which JetStream
 * drops as a duplicate. The relay sleeps only when there is nothing to do, and an append in this
 * process wakes it at once. At low load a round is what it was with one thread: one transaction
 * (the positions and the previous round's deletes) and one read per round.
 */
public class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final OutboxProperties props;
    private final RelayLease lease;
    private final OutboxStore outbox;
    private final Signal appended;
    private final Signal positioned;
    private final SentThrough sentThrough = new SentThrough();
    private final AckedRows acked = new AckedRows();
    private final PositioningLoop positioning;
    private final PublishingLoop publishing;
    private volatile boolean running;
    private List<Thread> threads = List.of();

    public OutboxRelay(OutboxProperties props, RelayLease lease, PositionAssigner positions, OutboxStore outbox,
                       JetStreamPublisher publisher, TransactionTemplate tx, Signal appended, Signal positioned,
                       MeterRegistry meters, OutboxStatistics statistics) {
        this.props = props;
        this.lease = lease;
        this.outbox = outbox;
        this.appended = appended;
        this.positioned = positioned;
        Timer lag = Timer.builder("eventstore.outbox.lag")
                .description("Time from an event's commit to JetStream's ack of its publish")
                .publishPercentiles(0.5, 0.95, 0.99)
                .register(meters);
        meters.gauge("eventstore.outbox.backlog", outbox, o -> safeBacklog(o));
        this.positioning = new PositioningLoop(props, lease, positions, outbox, tx, appended, positioned, sentThrough,
                acked, statistics, () -> running);
        this.publishing = new PublishingLoop(props, lease, outbox, publisher, positioned, sentThrough, acked,
                positioning::backlog, lag, () -> running);
    }

    @Override
    public synchronized void start() {
        running = true;
        // Thread names start with "outbox-relay" (scripts/cpu-share.py counts them as the relay).
        threads = List.of(new Thread(positioning, "outbox-relay-pos"), new Thread(publishing, "outbox-relay-pub"));
        threads.forEach(Thread::start);
        log.info("outbox relay started as {}", lease.owner());
    }

    /** Both loops end their round; the batch in flight is awaited and every acked row deleted before the lease goes. */
    @Override
    public void stop() {
        List<Thread> toJoin;
        synchronized (this) {
            running = false;
            toJoin = threads;
        }
        appended.fire();
        positioned.fire();
        sentThrough.advance(Long.MAX_VALUE);
        for (Thread t : toJoin) {
            try {
                t.join(props.publishTimeout().toMillis() + 5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        acked.deleteQuietly(outbox);
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

    private static double safeBacklog(OutboxStore outbox) {
        try {
            return outbox.backlog();
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }
}
