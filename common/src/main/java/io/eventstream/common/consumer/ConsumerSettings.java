package io.eventstream.common.consumer;

import java.time.Duration;

/**
 * How one durable consumer behaves.
 *
 * @param durableName   the durable consumer's name, shared by every instance of the worker
 * @param filterSubject the subject it reads, e.g. {@code ORDERS.created} or {@code ORDERS.*}
 * @param parallelism   how many messages this instance handles at once
 * @param maxAckPending how many unacked messages the server lets out across all instances
 * @param ackWait       how long the server waits for an ack before redelivering; the
 *                      consumer sends "in progress" every ackWait/3 while a handler is still
 *                      working, so a slow handler does not cause a redelivery storm
 * @param maxDeliver    after this many failed deliveries of a poison message it is dead-lettered
 * @param backoff       first delay before a failed message is redelivered; doubles per attempt
 * @param maxBackoff    longest delay between redeliveries
 * @param maxBatch      most messages handed to a {@link BatchEventHandler} at once (1: one at a
 *                      time); with batches, {@code parallelism} is the number of batches at once
 * @param startPolicy   where the durable starts when it is created ({@link StartPolicy}); an
 *                      existing durable of ours keeps its position
 * @param maxDeliverPersistent after this many deliveries a message whose handling still fails
 *                      with a {@link PersistentFailure} (the event store's INTERNAL) is
 *                      dead-lettered with its reason; any other failure is retried for ever
 * @param linger        in batch mode, how long a batch that is not full waits for more messages
 *                      before it is handled (0: never waits): at moderate load a transaction per
 *                      message costs more than the wait ({@link Intake})
 */
public record ConsumerSettings(
        String durableName,
        String filterSubject,
        int parallelism,
        int maxAckPending,
        Duration ackWait,
        int maxDeliver,
        Duration backoff,
        Duration maxBackoff,
        int maxBatch,
        StartPolicy startPolicy,
        int maxDeliverPersistent,
        Duration linger) {

    /**
     * Deliveries of a message failing with a {@link PersistentFailure} before it is dead-lettered:
     * with the default back-off (250 ms doubling to 10 s) about a minute of trying, enough to ride
     * out a store restart, not so long that a permanent error holds the message for ever.
     */
    public static final int DEFAULT_MAX_DELIVER_PERSISTENT = 10;

    /** Batches that never wait to fill. */
    public ConsumerSettings(String durableName, String filterSubject, int parallelism, int maxAckPending,
            Duration ackWait, int maxDeliver, Duration backoff, Duration maxBackoff, int maxBatch,
            StartPolicy startPolicy, int maxDeliverPersistent) {
        this(durableName, filterSubject, parallelism, maxAckPending, ackWait, maxDeliver, backoff, maxBackoff,
                maxBatch, startPolicy, maxDeliverPersistent, Duration.ZERO);
    }

    /** With the default {@link #DEFAULT_MAX_DELIVER_PERSISTENT}. */
    public ConsumerSettings(String durableName, String filterSubject, int parallelism, int maxAckPending,
            Duration ackWait, int maxDeliver, Duration backoff, Duration maxBackoff, int maxBatch,
            StartPolicy startPolicy) {
        this(durableName, filterSubject, parallelism, maxAckPending, ackWait, maxDeliver, backoff, maxBackoff,
                maxBatch, startPolicy, DEFAULT_MAX_DELIVER_PERSISTENT);
    }

    /** One message at a time. */
    public ConsumerSettings(String durableName, String filterSubject, int parallelism, int maxAckPending,
            Duration ackWait, int maxDeliver, Duration backoff, Duration maxBackoff) {
        this(durableName, filterSubject, parallelism, maxAckPending, ackWait, maxDeliver, backoff, maxBackoff, 1);
    }

    /** Starting, when created, after an existing consumer's floor (the default start policy). */
    public ConsumerSettings(String durableName, String filterSubject, int parallelism, int maxAckPending,
            Duration ackWait, int maxDeliver, Duration backoff, Duration maxBackoff, int maxBatch) {
        this(durableName, filterSubject, parallelism, maxAckPending, ackWait, maxDeliver, backoff, maxBackoff,
                maxBatch, StartPolicy.AFTER_EXISTING);
    }

    public ConsumerSettings {
        if (durableName == null || durableName.isBlank() || filterSubject == null || filterSubject.isBlank()) {
            throw new IllegalArgumentException("a consumer needs a durable name and a filter subject");
        }
        if (parallelism < 1 || maxAckPending < parallelism || maxDeliver < 1) {
            throw new IllegalArgumentException("need parallelism >= 1, maxAckPending >= parallelism, maxDeliver >= 1");
        }
        if (ackWait.toMillis() < 300 || backoff.isNegative() || maxBackoff.compareTo(backoff) < 0) {
            throw new IllegalArgumentException("need ackWait >= 300ms and 0 <= backoff <= maxBackoff");
        }
        if (maxBatch < 1 || maxDeliverPersistent < 1) {
            throw new IllegalArgumentException("need maxBatch >= 1 and maxDeliverPersistent >= 1");
        }
        if (startPolicy == null) {
            throw new IllegalArgumentException("need a start policy");
        }
        if (linger == null || linger.isNegative()) {
            throw new IllegalArgumentException("need linger >= 0");
        }
    }

    /** These settings with batches of at most {@code maxBatch} messages. */
    public ConsumerSettings withMaxBatch(int maxBatch) {
        return new ConsumerSettings(durableName, filterSubject, parallelism, maxAckPending, ackWait, maxDeliver,
                backoff, maxBackoff, maxBatch, startPolicy, maxDeliverPersistent, linger);
    }

    /** These settings with batches that wait up to {@code linger} to fill. */
    public ConsumerSettings withLinger(Duration linger) {
        return new ConsumerSettings(durableName, filterSubject, parallelism, maxAckPending, ackWait, maxDeliver,
                backoff, maxBackoff, maxBatch, startPolicy, maxDeliverPersistent, linger);
    }

    /** These settings with another start policy. */
    public ConsumerSettings withStartPolicy(StartPolicy startPolicy) {
        return new ConsumerSettings(durableName, filterSubject, parallelism, maxAckPending, ackWait, maxDeliver,
                backoff, maxBackoff, maxBatch, startPolicy, maxDeliverPersistent, linger);
    }

    /** These settings with a {@link PersistentFailure} dead-lettered after {@code deliveries}. */
    public ConsumerSettings withMaxDeliverPersistent(int deliveries) {
        return new ConsumerSettings(durableName, filterSubject, parallelism, maxAckPending, ackWait, maxDeliver,
                backoff, maxBackoff, maxBatch, startPolicy, deliveries, linger);
    }

    /** These settings under another durable name and subject (a worker's second consumer). */
    public ConsumerSettings withDurable(String durableName, String filterSubject) {
        return new ConsumerSettings(durableName, filterSubject, parallelism, maxAckPending, ackWait, maxDeliver,
                backoff, maxBackoff, maxBatch, startPolicy, maxDeliverPersistent, linger);
    }

    /**
     * How many messages one pull asks for: what the handlers take at once (a bigger buffer would
     * let waiting messages' ackWait run out before a handler even starts on them).
     */
    public int pullBatchSize() {
        return (int) Math.min(maxAckPending, (long) parallelism * maxBatch);
    }

    /**
     * How long the server waits for an ack before it redelivers. Short on purpose: a running
     * handler is kept alive by in-progress heartbeats (every ackWait/3), so ackWait only decides
     * how soon the messages of a crashed instance come back. At 30 s (JetStream's own default)
     * every crash outlasted the saga's deadline and cancelled the orders it held (issue 16).
     */
    public static final Duration DEFAULT_ACK_WAIT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_BACKOFF = Duration.ofMillis(250);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(10);

    public static ConsumerSettings defaults(String durableName, String filterSubject) {
        return new ConsumerSettings(durableName, filterSubject, 16, 1024, DEFAULT_ACK_WAIT, 5, DEFAULT_BACKOFF,
                DEFAULT_MAX_BACKOFF);
    }

    /**
     * How often a running handler tells the server it is still working on its message: derived
     * from ackWait, never set on its own, so it is always well inside it (three per ackWait: one
     * late or lost heartbeat does not let the message be redelivered).
     */
    public Duration heartbeatInterval() {
        return ackWait.dividedBy(3);
    }
}
