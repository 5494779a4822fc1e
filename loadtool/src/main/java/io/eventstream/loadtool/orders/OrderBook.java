package io.eventstream.loadtool.orders;

import io.eventstream.loadtool.stats.Latencies;
import io.eventstream.loadtool.stats.Timeline;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Everything the run knows about its orders, written by the HTTP clients, the stream watcher
 * and the read-model poller at once.
 */
final class OrderBook {

    final Timeline timeline;
    final AtomicLong sent = new AtomicLong();
    final AtomicLong accepted = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong terminalSeen = new AtomicLong();
    final AtomicLong completed = new AtomicLong();
    final AtomicLong streamDuplicates = new AtomicLong();
    final AtomicLong streamMessages = new AtomicLong();
    /** Commit (the event's created_at) to its arrival here over JetStream, per event of our orders. */
    final Latencies commitToConsumerMicros = new Latencies();
    final ConcurrentHashMap<Integer, AtomicLong> failures = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, OrderTrack> tracks = new ConcurrentHashMap<>();
    /** Orders whose end event arrived and that the read model has not shown as ended yet. */
    private final Set<String> awaitingReadModel = ConcurrentHashMap.newKeySet();
    private final Set<String> terminalTypes;
    private final boolean measured;

    OrderBook(Timeline timeline, Set<String> terminalTypes, boolean measured) {
        this.timeline = timeline;
        this.terminalTypes = terminalTypes;
        this.measured = measured;
    }

    OrderTrack track(String orderId) {
        return tracks.computeIfAbsent(orderId, OrderTrack::new);
    }

    void posted(String orderId, long startNanos, long answeredNanos, BigDecimal amount, int items) {
        OrderTrack t = track(orderId);
        t.postStartNanos = startNanos;
        t.postAnsweredNanos = answeredNanos;
        t.amount = amount;
        t.items = items;
        t.posted = true;
        accepted.incrementAndGet();
        if (measured) {
            timeline.accepted(answeredNanos, t.postLatencyMicros());
        }
        awaitReadModelOnce(t);
    }

    void failed(int status) {
        failed.incrementAndGet();
        failures.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
    }

    /** An event message from the stream, for any order (ours or not). */
    void event(String orderId, String eventId, String eventType, long createdAtEpochMicros,
               long arrivalNanos, long arrivalEpochMicros) {
        streamMessages.incrementAndGet();
        OrderTrack t = track(orderId);
        if (t.delivered(eventId) > 1) {
            streamDuplicates.incrementAndGet();
            return;
        }
        if (createdAtEpochMicros > 0) {
            commitToConsumerMicros.record(arrivalEpochMicros - createdAtEpochMicros);
        }
        if (isTerminal(eventType) && t.terminalSeenNanos == 0) {
            t.terminalType = eventType;
            t.terminalSeenNanos = arrivalNanos;
            terminalSeen.incrementAndGet();
            awaitReadModelOnce(t);
        }
    }

    /**
     * Once the order is both ours (posted) and ended on the stream, whichever of the two threads
     * finds that first puts it on the read model's list, once. Each thread used to add it when it
     * saw both: when the stream's end event came while the POST's thread was between the two, both
     * added it, and if the poller had taken it off in between, it was completed twice (41,614
     * completions of 40,000 orders on the slow VM of session 23), which could end a run's wait
     * for completions early.
     */
    private void awaitReadModelOnce(OrderTrack t) {
        if (t.posted && t.terminalSeenNanos != 0 && t.claimReadModelWait()) {
            awaitingReadModel.add(t.orderId);
        }
    }

    boolean isTerminal(String eventType) {
        int dot = eventType.lastIndexOf('.');
        return terminalTypes.contains(dot < 0 ? eventType : eventType.substring(dot + 1));
    }

    List<String> awaitingReadModel(int max) {
        List<String> ids = new ArrayList<>(Math.min(max, awaitingReadModel.size()));
        for (String id : awaitingReadModel) {
            if (ids.size() == max) {
                break;
            }
            ids.add(id);
        }
        return ids;
    }

    void readModelEnded(String orderId, long atNanos) {
        if (!awaitingReadModel.remove(orderId)) {
            return;
        }
        OrderTrack t = tracks.get(orderId);
        t.readModelNanos = atNanos;
        completed.incrementAndGet();
        if (measured) {
            timeline.completed(atNanos, t.endToEndMicros());
        }
    }

    /** The orders this run posted and got accepted. */
    List<OrderTrack> postedOrders() {
        List<OrderTrack> result = new ArrayList<>();
        for (OrderTrack t : tracks.values()) {
            if (t.posted) {
                result.add(t);
            }
        }
        return result;
    }

    Collection<OrderTrack> all() {
        return tracks.values();
    }
}
