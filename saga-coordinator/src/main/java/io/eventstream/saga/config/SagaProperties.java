package io.eventstream.saga.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param deadline     an order not terminal this long after it was created is cancelled (default 60 s:
 *                     a worker's crash and restart must fit in it, see docs/faults.md)
 * @param scanInterval how often the deadlines are checked (default 1 s)
 * @param scanBatch    most orders cancelled per scan (default 100)
 * @param callThreads  threads for a batch's appends and history reads, shared by all batches (default 16)
 * @param mode         {@code coordinate} (default) or {@code rebuild} (set by the {@code --rebuild} command)
 * @param rebuildPage  events per page (and sagadb transaction) of a rebuild (default 5000; the store caps at 10,000)
 */
@ConfigurationProperties("eventstream.saga")
public record SagaProperties(Duration deadline, Duration scanInterval, Integer scanBatch, Integer callThreads,
        String mode, Integer rebuildPage) {

    public SagaProperties {
        deadline = deadline == null ? Duration.ofSeconds(60) : deadline;
        scanInterval = scanInterval == null ? Duration.ofSeconds(1) : scanInterval;
        scanBatch = scanBatch == null || scanBatch < 1 ? 100 : scanBatch;
        callThreads = callThreads == null || callThreads < 1 ? 16 : callThreads;
        mode = mode == null || mode.isBlank() ? "coordinate" : mode;
        rebuildPage = rebuildPage == null || rebuildPage < 1 ? 5000 : Math.min(rebuildPage, 10_000);
    }
}
