package io.eventstream.common.consumer;

import java.util.List;

/**
 * An {@link EventHandler} that can also handle several events in one go: one transaction, one
 * commit, concurrent appends, instead of one of each per message. The consumer hands it what
 * has arrived while the previous batch was being handled (at most {@code maxBatch}), so a
 * quiet system still sees batches of one and pays no waiting for them.
 *
 * <p>The contract is all or nothing: return only once the effect of every event is durable
 * (every message is then acked), or throw. On any exception the consumer handles the batch's
 * messages again one at a time with {@link #handle}, so a poison message, a conflict or a
 * transient failure is decided for that message alone, exactly as without batches. Handlers
 * are idempotent anyway, so the part of a failed batch that did commit is harmless to repeat.
 *
 * <p>Events come in stream order, but the same order's events can still be split across two
 * batches handled at once (as without batches), so handlers keep tolerating out-of-order arrival.
 */
public interface BatchEventHandler extends EventHandler {

    /**
     * Handles every event of the batch, or throws. Work done for one event that leaves the
     * process (an append over gRPC) should run in {@link EventSpans#run} so that it joins that
     * event's trace.
     */
    void handleAll(List<ReceivedEvent> events, EventSpans spans) throws Exception;
}
