package io.eventstream.common.consumer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;

/**
 * The meters of one durable consumer, all tagged {@code consumer=<durable name>}. Without a
 * registry they go to a private in-memory one, so the consumer never has to check for null.
 */
final class ConsumerMetrics {

    static final String PROCESSED = "eventstream.consumer.processed";
    static final String FAILED = "eventstream.consumer.failed";
    static final String REDELIVERED = "eventstream.consumer.redelivered";
    static final String DEAD_LETTERED = "eventstream.consumer.dead.lettered";
    static final String HANDLING = "eventstream.consumer.handling";
    static final String BATCH_SIZE = "eventstream.consumer.batch.size";

    private final Counter processed;
    private final Counter failed;
    private final Counter redelivered;
    private final Counter deadLettered;
    private final Timer handlingSuccess;
    private final Timer handlingFailure;
    private final DistributionSummary batchSize;
    private final UnreadableOriginals unreadable;

    ConsumerMetrics(MeterRegistry registry, String consumer) {
        MeterRegistry target = registry == null ? new SimpleMeterRegistry() : registry;
        processed = Counter.builder(PROCESSED).description("messages handled and acked")
                .tag("consumer", consumer).register(target);
        failed = Counter.builder(FAILED).description("handler failures (each one is retried or dead-lettered)")
                .tag("consumer", consumer).register(target);
        redelivered = Counter.builder(REDELIVERED).description("messages received more than once")
                .tag("consumer", consumer).register(target);
        deadLettered = Counter.builder(DEAD_LETTERED).description("poison messages moved to the dead-letter stream")
                .tag("consumer", consumer).register(target);
        handlingSuccess = Timer.builder(HANDLING).description("time spent in the handler")
                .tag("consumer", consumer).tag("outcome", "success").register(target);
        handlingFailure = Timer.builder(HANDLING).description("time spent in the handler")
                .tag("consumer", consumer).tag("outcome", "failure").register(target);
        batchSize = DistributionSummary.builder(BATCH_SIZE).description("messages per batch (batches of more than one)")
                .tag("consumer", consumer).register(target);
        unreadable = new UnreadableOriginals(target, consumer);
    }

    /** The original's empty approved, acked without the handler ({@link UnreadableOriginals}). */
    void unreadableOriginal(ReceivedEvent event) {
        unreadable.acked(event);
    }

    void batch(int size) {
        batchSize.record(size);
    }

    void received(long deliveryCount) {
        if (deliveryCount > 1) {
            redelivered.increment();
        }
    }

    void succeeded(Duration took) {
        processed.increment();
        handlingSuccess.record(took);
    }

    void failed(Duration took) {
        failed.increment();
        handlingFailure.record(took);
    }

    void deadLettered() {
        deadLettered.increment();
    }
}
