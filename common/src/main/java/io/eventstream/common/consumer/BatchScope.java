package io.eventstream.common.consumer;

import java.util.List;

/**
 * Runs what is done for one item of a batch (making its event) in that item's own context: the
 * edge that received the batch knows each event's trace ({@link EventSpans}), the decisions only
 * the item's position in it.
 */
@FunctionalInterface
public interface BatchScope {

    /** Runs the work for the item at {@code index} in the batch. */
    void run(int index, Runnable work) throws Exception;

    /** No context: the work runs as it is. */
    static BatchScope none() {
        return (index, work) -> work.run();
    }

    /** Item {@code i} runs in the consume span of {@code events.get(i)}. */
    static BatchScope of(List<ReceivedEvent> events, EventSpans spans) {
        return (index, work) -> spans.run(events.get(index), () -> {
            work.run();
            return null;
        });
    }
}
