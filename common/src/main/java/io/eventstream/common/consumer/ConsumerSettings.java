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
 *                      consumer sends "in progress" while a handler is still working, so a
 *                      slow handler does not cause a redelivery storm
 * @param maxDeliver    after this many failed deliveries of a poison message it is dead-lettered
 * @param backoff       first delay before a failed message is redelivered; doubles per attempt
 * @param maxBackoff    longest delay between redeliveries
 */
public record ConsumerSettings(
        String durableName,
        String filterSubject,
        int parallelism,
        int maxAckPending,
        Duration ackWait,
        int maxDeliver,
        Duration backoff,
        Duration maxBackoff) {

    public static ConsumerSettings defaults(String durableName, String filterSubject) {
        return new ConsumerSettings(durableName, filterSubject, 16, 1024, Duration.ofSeconds(30), 5,
                Duration.ofMillis(250), Duration.ofSeconds(10));
    }
}
