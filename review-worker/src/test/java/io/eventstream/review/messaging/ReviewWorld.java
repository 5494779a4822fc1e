package io.eventstream.review.messaging;

import io.eventstream.common.consumer.BatchScope;
import io.eventstream.common.consumer.EventSpans;
import io.eventstream.common.consumer.ReceivedEvent;
import io.eventstream.common.events.EventHeaders;
import io.eventstream.common.events.OrderEventTypes;
import io.eventstream.common.events.json.EventBodies;
import io.eventstream.common.eventstore.EventStoreClient;
import io.eventstream.common.testing.FakeEventStore;
import io.eventstream.common.testing.TestPki;
import io.eventstream.proto.eventstore.Event;
import io.eventstream.review.approval.OrderUnderReview;
import io.eventstream.review.approval.ReviewEvents;
import io.eventstream.review.approval.ReviewRules;
import io.eventstream.review.approval.ReviewService;
import io.eventstream.review.approval.Verdict;
import io.eventstream.review.approval.VerdictToRecord;
import io.eventstream.review.eventstore.EventStoreReviewEvents;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.nats.client.impl.Headers;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One review worker's world for a test: a gRPC fake event store on a real socket and the
 * handler wired as in production (rules: restaurant r-closed is closed, review limit 100).
 * Every call the review makes to the store is watched: in whose span it started, and how many
 * are running.
 */
final class ReviewWorld implements AutoCloseable {

    static final OrderEventTypes TYPES = new OrderEventTypes("TREVIEW");

    final FakeEventStore store = FakeEventStore.started();
    final PaymentDebitedHandler handler;
    /**
     * Each call to the store: "load|record <order> in span of <order of the span's event, or none>";
     * for a batch's verdicts recorded together, "make <order> in span of ..." for each event made,
     * then "recordAll <its first order> in span of ...".
     */
    final Queue<String> calls = new ConcurrentLinkedQueue<>();
    /** Calls to the store running now, and the most that ever ran at once. */
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger mostAtOnce = new AtomicInteger();
    /** How long each call to the store takes at least, so that concurrent calls overlap for sure. */
    volatile Duration slowCalls = Duration.ZERO;
    private final ManagedChannel channel;
    private final ThreadLocal<ReceivedEvent> currentSpan = new ThreadLocal<>();
    private long sequence;

    ReviewWorld() {
        channel = Grpc.newChannelBuilder(store.target().replace("static://", ""), TestPki.credentials(TestPki.dir(), "review-worker"))
                .build();
        ReviewEvents events = new Watched(
                new EventStoreReviewEvents(new EventStoreClient(channel, Duration.ofSeconds(5)), TYPES));
        handler = new PaymentDebitedHandler(
                new ReviewService(new ReviewRules(Set.of("r-closed"), new BigDecimal("100")), events),
                Executors.newFixedThreadPool(4));
    }

    /** Spans as the consumer's: work for an event runs with that event's span current on the thread. */
    EventSpans spans() {
        return new EventSpans() {
            @Override
            public <T> T run(ReceivedEvent event, Callable<T> work) throws Exception {
                ReceivedEvent outer = currentSpan.get();
                currentSpan.set(event);
                try {
                    return work.call();
                } finally {
                    currentSpan.set(outer);
                }
            }
        };
    }

    /** Stores an event as another writer would (with a given id, so two worlds hold the same events). */
    Event put(String eventId, String orderId, String suffix, String data) {
        store.put(Event.newBuilder().setEventId(eventId).setEventType(TYPES.stream() + "." + suffix)
                .setAggregateId(orderId).setAggregateType("order").setStream(TYPES.stream()).setEventData(data).build());
        List<Event> events = store.eventsOf(orderId);
        return events.get(events.size() - 1);
    }

    /** The stored event as the relay publishes it: body, id, order and version. */
    ReceivedEvent published(Event stored) {
        Headers headers = new Headers()
                .put(EventHeaders.MSG_ID, stored.getEventId())
                .put(EventHeaders.EVENT_ID, stored.getEventId())
                .put(EventHeaders.AGGREGATE_ID, stored.getAggregateId())
                .put(EventHeaders.AGGREGATE_VERSION, Long.toString(stored.getVersion()));
        return new ReceivedEvent(stored.getEventType(), stored.getEventId(), stored.getAggregateId(),
                stored.getVersion(), stored.getEventData().getBytes(StandardCharsets.UTF_8), headers, 1, ++sequence);
    }

    /** As the original publishes it: the body and a message id, no other header. */
    ReceivedEvent publishedBare(Event stored) {
        Headers headers = new Headers().put(EventHeaders.MSG_ID, stored.getEventId());
        return new ReceivedEvent(stored.getEventType(), stored.getEventId(), null, 0,
                stored.getEventData().getBytes(StandardCharsets.UTF_8), headers, 1, ++sequence);
    }

    /** A message with a body of our choosing, for an order. */
    ReceivedEvent message(String messageId, String orderId, long version, String body) {
        Headers headers = new Headers().put(EventHeaders.MSG_ID, messageId).put(EventHeaders.AGGREGATE_ID, orderId)
                .put(EventHeaders.AGGREGATE_VERSION, Long.toString(version));
        return new ReceivedEvent(TYPES.paymentDebited(), messageId, orderId, version,
                body.getBytes(StandardCharsets.UTF_8), headers, 1, ++sequence);
    }

    /** The order's events in the store: type, id, version, body and cause. */
    List<String> eventsOf(String orderId) {
        return store.eventsOf(orderId).stream().map(e -> TYPES.shortName(e.getEventType()) + " " + e.getEventId()
                + " v" + e.getVersion() + " " + e.getEventData() + " cause=" + e.getMetadataMap().get(
                EventHeaders.CAUSATION_ID)).toList();
    }

    @Override
    public void close() throws Exception {
        handler.close();
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        store.stop();
    }

    /** The review's port to the store, watched. */
    private final class Watched implements ReviewEvents {

        private final ReviewEvents events;

        Watched(ReviewEvents events) {
            this.events = events;
        }

        @Override
        public OrderUnderReview load(String orderId) {
            started("load", orderId);
            try {
                return events.load(orderId);
            } finally {
                running.decrementAndGet();
            }
        }

        @Override
        public boolean record(OrderUnderReview order, Verdict verdict, String causationId) {
            started("record", order.orderId());
            try {
                return events.record(order, verdict, causationId);
            } finally {
                running.decrementAndGet();
            }
        }

        /**
         * Logs "make <order> in span of ..." for each event made, then the one call that takes
         * them all as "recordAll <first order> in span of ...".
         */
        @Override
        public List<Boolean> recordAll(List<VerdictToRecord> verdicts, BatchScope scope) throws Exception {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                int[] runs = new int[verdicts.size()];
                return events.recordAll(verdicts, (index, work) -> scope.run(index, () -> {
                    calls.add((runs[index]++ == 0 ? "make " : "recordAll ") + verdicts.get(index).order().orderId()
                            + " in span of " + spanOrder());
                    work.run();
                }));
            } finally {
                running.decrementAndGet();
            }
        }

        private String spanOrder() {
            ReceivedEvent span = currentSpan.get();
            return span == null ? "none"
                    : span.aggregateId() != null ? span.aggregateId() : EventBodies.paymentDebited(span.data()).orderId();
        }

        private void started(String call, String orderId) {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            calls.add(call + " " + orderId + " in span of " + spanOrder());
            if (!slowCalls.isZero()) {
                try {
                    Thread.sleep(slowCalls.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
