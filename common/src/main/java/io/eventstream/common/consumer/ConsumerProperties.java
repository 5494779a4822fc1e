package io.eventstream.common.consumer;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

/**
 * The tunable part of a worker's {@link ConsumerSettings}, bound from
 * {@code eventstream.consumer.*}. A worker enables it with
 * {@code @EnableConfigurationProperties(ConsumerProperties.class)} and turns it into settings
 * with its own durable name and subject: every worker runs one consumer, so one prefix is
 * enough. Unset values take the defaults of {@link ConsumerSettings#defaults}.
 *
 * @param durableName   overrides the worker's durable name (e.g. to run a second, independent copy)
 * @param parallelism   messages handled at once by this instance
 * @param maxAckPending unacked messages the server lets out across all instances
 * @param ackWait       time before the server redelivers an unacked message (kept alive while handling)
 * @param maxDeliver    deliveries of a poison message before it is dead-lettered
 * @param backoff       first redelivery delay after a failure; doubles per delivery
 * @param maxBackoff    longest redelivery delay
 * @param maxBatch      most messages handled in one batch (one transaction) when the worker's handler
 *                      takes batches; 1 turns batches off
 * @param startPolicy   where the durable starts when it is created: {@code after-existing} (the
 *                      default), {@code new}, {@code all}, {@code sequence:<n>}, {@code time:<instant>}
 *                      ({@link StartPolicy}); another value refuses to start, in one line
 * @param maxDeliverPersistent deliveries after which a message still failing with the event
 *                      store's INTERNAL ({@link PersistentFailure}) is dead-lettered (default 10)
 * @param linger        how long a batch that is not full waits for more messages (default 0: never)
 */
@ConfigurationProperties("eventstream.consumer")
public record ConsumerProperties(
        String durableName,
        Integer parallelism,
        Integer maxAckPending,
        Duration ackWait,
        Integer maxDeliver,
        Duration backoff,
        Duration maxBackoff,
        Integer maxBatch,
        String startPolicy,
        Integer maxDeliverPersistent,
        Duration linger) {

    /** The one Spring binds (a record with a second constructor must say which). */
    @ConstructorBinding
    public ConsumerProperties {
    }

    public ConsumerProperties(String durableName, Integer parallelism, Integer maxAckPending, Duration ackWait,
            Integer maxDeliver, Duration backoff, Duration maxBackoff, Integer maxBatch) {
        this(durableName, parallelism, maxAckPending, ackWait, maxDeliver, backoff, maxBackoff, maxBatch, null, null, null);
    }

    public ConsumerSettings toSettings(String defaultDurableName, String filterSubject) {
        ConsumerSettings d = ConsumerSettings.defaults(
                durableName == null || durableName.isBlank() ? defaultDurableName : durableName, filterSubject);
        return new ConsumerSettings(
                d.durableName(),
                d.filterSubject(),
                parallelism == null ? d.parallelism() : parallelism,
                maxAckPending == null ? d.maxAckPending() : maxAckPending,
                ackWait == null ? d.ackWait() : ackWait,
                maxDeliver == null ? d.maxDeliver() : maxDeliver,
                backoff == null ? d.backoff() : backoff,
                maxBackoff == null ? d.maxBackoff() : maxBackoff,
                maxBatch == null ? d.maxBatch() : maxBatch,
                startPolicyOrRefuse(),
                maxDeliverPersistent == null ? d.maxDeliverPersistent() : maxDeliverPersistent,
                linger == null ? d.linger() : linger);
    }

    /** The parsed start policy; a value that is none refuses the service's start with one line. */
    public StartPolicy startPolicyOrRefuse() {
        try {
            return StartPolicy.parse(startPolicy);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException("eventstream.consumer.start-policy: " + e.getMessage());
        }
    }
}
