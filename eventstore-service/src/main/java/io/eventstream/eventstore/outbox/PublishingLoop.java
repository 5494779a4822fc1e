package io.eventstream.eventstore.outbox;

import io.eventstream.common.sql.SqlRetry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's second loop, on a thread and a connection of its own: reads the positioned events
 * after the last one sent, waits for JetStream's acks of the batch in flight, sends the next batch
 * in position order, and has the acked rows deleted.
 *
 * <p>One batch in flight: the next is read while JetStream acks it, and sent only once it is fully
 * acked, so a failed publish is retried in order from the first unacked event, never past it.
 * The lease is checked at the start of each round and again right before each send: a relay that
 * lost it (the positioning loop found out, or the renewal failed) sends nothing more, and forgets
 * what it sent (the holder publishes it again, with the same Nats-Msg-Id). The acked rows go to the
 * positioning loop's next transaction ({@link AckedRows}); while that loop works through a backlog,
 * this one deletes them itself, right after sending the next batch (while JetStream acks it), so
 * that the two connections share the work.
 */
final class PublishingLoop implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(PublishingLoop.class);

    private final OutboxProperties props;
    private final RelayLease lease;
    private final OutboxStore outbox;
    private final JetStreamPublisher publisher;
    private final Signal positioned;
    private final SentThrough sentThrough;
    private final AckedRows acked;
    private final BooleanSupplier positionerBusy;
    private final Timer lag;
    private final BooleanSupplier running;

    PublishingLoop(OutboxProperties props, RelayLease lease, OutboxStore outbox, JetStreamPublisher publisher,
                   Signal positioned, SentThrough sentThrough, AckedRows acked, BooleanSupplier positionerBusy,
                   Timer lag, BooleanSupplier running) {
        this.props = props;
        this.lease = lease;
        this.outbox = outbox;
        this.publisher = publisher;
        this.positioned = positioned;
        this.sentThrough = sentThrough;
        this.acked = acked;
        this.positionerBusy = positionerBusy;
        this.lag = lag;
        this.running = running;
    }

    @Override
    public void run() {
        Duration backoff = Duration.ZERO;
        JetStreamPublisher.Sent inFlight = null;
        long sentUpTo = 0;
        // The positioned generation the last look at the outbox saw, and whether that look left work behind.
        long lookedAt = -1;
        boolean more = false;
        while (running.getAsBoolean()) {
            try {
                long seen = positioned.generation();
                if (!lease.hold()) {
                    // What is in flight is published again by the lease's holder (same Nats-Msg-Id).
                    inFlight = null;
                    sentUpTo = 0;
                    acked.deleteQuietly(outbox);
                    positioned.awaitAfter(seen, props.standbyPoll());
                    continue;
                }
                List<PendingEvent> next = List.of();
                boolean looked = false;
                // With a batch in flight and nothing positioned since the last look, a look would find nothing.
                if (inFlight == null || seen != lookedAt || more) {
                    next = outbox.pendingAfter(sentUpTo, props.batchSize());
                    looked = true;
                    lookedAt = seen;
                    more = next.size() >= props.batchSize();
                }
                if (inFlight != null) {
                    List<PendingEvent> sent = inFlight.batch();
                    int published = inFlight.awaitAcks();
                    inFlight = null;
                    recordLag(sent.subList(0, published));
                    acked.add(sent.subList(0, published));
                    if (published < sent.size()) {
                        // Publish again from the first unacked event, in order: never past it.
                        sentUpTo = published == 0 ? sent.get(0).event().position() - 1
                                : sent.get(published - 1).event().position();
                        more = true;
                        backoff = Backoff.next(backoff);
                        Thread.sleep(backoff.toMillis());
                        continue;
                    }
                    backoff = Duration.ZERO;
                }
                if (next.isEmpty()) {
                    if (looked) {
                        sentThrough.advance(seen);
                    }
                    positioned.awaitAfter(seen, props.idlePoll());
                    continue;
                }
                if (!lease.hold()) {
                    continue; // lost while the acks came: the round's start forgets what was sent
                }
                inFlight = publisher.send(next);
                sentUpTo = next.get(next.size() - 1).event().position();
                if (!more) {
                    sentThrough.advance(seen);
                }
                if (positionerBusy.getAsBoolean()) {
                    deleteAcked(); // while JetStream acks the batch just sent
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                backoff = Backoff.next(backoff);
                log.warn("outbox publishing failed, retrying in {} ms: {}", backoff.toMillis(), e.toString());
                lease.forget();
                inFlight = null;
                sentUpTo = 0;
                Backoff.sleepQuietly(backoff);
            }
        }
        if (inFlight != null) {
            acked.add(awaitQuietly(inFlight));
        }
    }

    /** The positioning loop is busy with a backlog: the acked rows leave the outbox on this connection. */
    private void deleteAcked() {
        List<PendingEvent> rows = acked.drain();
        try {
            // Out of the position transaction now, so retried on its own on a serialization conflict (SqlRetry).
            SqlRetry.call(attempt -> {
                outbox.published(rows);
                return null;
            });
        } catch (RuntimeException e) {
            acked.add(rows);
            throw e;
        }
    }

    private static List<PendingEvent> awaitQuietly(JetStreamPublisher.Sent sent) {
        try {
            return sent.batch().subList(0, sent.awaitAcks());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    private void recordLag(List<PendingEvent> done) {
        Instant now = Instant.now();
        for (PendingEvent p : done) {
            lag.record(Duration.between(p.enqueuedAt(), now).abs());
        }
    }
}
