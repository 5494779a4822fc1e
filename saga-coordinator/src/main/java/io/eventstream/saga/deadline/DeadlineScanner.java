package io.eventstream.saga.deadline;

import io.eventstream.saga.process.Saga;
import io.eventstream.saga.process.SagaStore;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Looks for orders past their deadline (every {@code eventstream.saga.scan-interval}) and lets
 * the saga cancel them. The deadlines are rows in sagadb, so they survive a restart; several
 * coordinators may scan at once: the saga's appends are idempotent and version-checked.
 */
public class DeadlineScanner {

    private static final Logger log = LoggerFactory.getLogger(DeadlineScanner.class);

    private final SagaStore store;
    private final Saga saga;
    private final Clock clock;
    private final int batch;

    public DeadlineScanner(SagaStore store, Saga saga, Clock clock, int batch) {
        this.store = store;
        this.saga = saga;
        this.clock = clock;
        this.batch = batch;
    }

    @Scheduled(fixedDelayString = "${eventstream.saga.scan-interval:1s}")
    public void scan() {
        try {
            for (String orderId : store.dueForDeadline(clock.instant(), batch)) {
                log.info("order {} missed its deadline: cancelling", orderId);
                saga.advanceAtDeadline(orderId);
            }
        } catch (RuntimeException e) {
            // The next scan tries again: the rows are still due.
            log.warn("deadline scan failed: {}", e.toString());
        }
    }
}
