package io.eventstream.common.consumer;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads of one started consumer: {@code parallelism} handler threads, and two timer
 * threads (the heartbeats and the re-subscribe attempts: a slow re-subscribe attempt must not
 * delay the in-progress heartbeats). All daemons, named after the durable.
 */
final class ConsumerThreads {

    private static final Logger log = LoggerFactory.getLogger(DurableConsumer.class);

    private final String durableName;
    final ExecutorService handlers;
    final ScheduledExecutorService timers;

    ConsumerThreads(ConsumerSettings settings) {
        this.durableName = settings.durableName();
        AtomicInteger handlerThreads = new AtomicInteger();
        handlers = Executors.newFixedThreadPool(settings.parallelism(),
                r -> daemon(r, durableName + "-handler-" + handlerThreads.incrementAndGet()));
        timers = Executors.newScheduledThreadPool(2, r -> daemon(r, durableName + "-timer"));
    }

    /** Runs the task every {@code millis}, first after one interval. */
    void every(long millis, Runnable task) {
        timers.scheduleAtFixedRate(task, millis, millis, TimeUnit.MILLISECONDS);
    }

    /**
     * Takes no more work and lets the running handlers finish (and ack) until the deadline,
     * then interrupts what still runs; then stops the timers.
     */
    void finish(Deadline deadline) {
        handlers.shutdown();
        try {
            if (!handlers.awaitTermination(deadline.remainingMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("{}: handlers still running after {}, interrupting them", durableName, deadline.timeout());
                handlers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            handlers.shutdownNow();
        }
        timers.shutdownNow();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
