package io.eventstream.common.consumer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The original's empty {@code approved} (no headers, empty body): acked without the handler and
 * counted in {@code eventstream.consumer.original_unreadable} (tag {@code consumer}), with one
 * log line a minute at most. It is the original's normal traffic, not poison: dead-lettering it
 * would fill the dead-letter stream with every order the original approves, and retrying it
 * cannot help, since nothing (not even the original's store, which answers INTERNAL for it)
 * says which order it approved. docs/contract.md says what the read model shows then.
 */
final class UnreadableOriginals {

    static final String METER = "eventstream.consumer.original_unreadable";
    private static final Logger log = LoggerFactory.getLogger(DurableConsumer.class);
    private static final long LOG_EVERY_NANOS = Duration.ofMinutes(1).toNanos();

    private final String consumer;
    private final Counter counter;
    private final AtomicLong lastLog = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);
    private final AtomicLong sinceLog = new AtomicLong();

    UnreadableOriginals(MeterRegistry registry, String consumer) {
        this.consumer = consumer;
        this.counter = Counter.builder(METER)
                .description("messages of the original that name no order (approved without headers and body), acked")
                .tag("consumer", consumer)
                .register(registry == null ? new SimpleMeterRegistry() : registry);
    }

    void acked(ReceivedEvent event) {
        counter.increment();
        sinceLog.incrementAndGet();
        long now = System.nanoTime();
        long last = lastLog.get();
        if (now - last >= LOG_EVERY_NANOS && lastLog.compareAndSet(last, now)) {
            long unlogged = sinceLog.getAndSet(0);
            log.info("{}: acked {} message(s) of the original that name no order (latest: {} at stream sequence {},"
                    + " no headers, empty body); they cannot reach the read model (docs/contract.md)",
                    consumer, unlogged, event.subject(), event.streamSequence());
        }
    }
}
