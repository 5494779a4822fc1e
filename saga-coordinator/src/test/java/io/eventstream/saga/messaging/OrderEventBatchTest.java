package io.eventstream.saga.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventstream.common.consumer.EventSpans;
import io.eventstream.common.consumer.PoisonMessageException;
import io.eventstream.common.consumer.ReceivedEvent;
import io.eventstream.proto.eventstore.Event;
import io.nats.client.impl.Headers;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The coordinator's batches on the real PostgreSQL and a gRPC event store: a batch decides and
 * appends exactly what the same events one by one do, in a few transactions instead of two or
 * more per event; the same batch again changes nothing; a message that names no order makes
 * the batch throw before anything is written, so the consumer handles each message alone.
 */
class OrderEventBatchTest {

    @Test
    void aBatchGivesTheSameStepsStatesAndAppendedEventsAsTheEventsOneByOne() throws Exception {
        Orders orders = Orders.random();
        try (SagaWorld alone = new SagaWorld(); SagaWorld batched = new SagaWorld()) {
            for (ReceivedEvent event : deliver(alone, orders)) {
                alone.handler.handle(event);
            }
            List<ReceivedEvent> batch = deliver(batched, orders);
            RecordingSpans spans = new RecordingSpans();
            batched.handler.handleAll(batch, spans);

            for (String orderId : orders.all()) {
                assertThat(batched.eventsOf(orderId)).as(orderId).isEqualTo(alone.eventsOf(orderId));
            }
            assertThat(batched.steps()).isEqualTo(alone.steps());
            assertThat(batched.states()).isEqualTo(alone.states());

            // What the saga did, spelled out (the same in both worlds, as compared above).
            assertThat(types(batched, orders.approved())).containsExactly("created", "paymentdebited", "approved");
            assertThat(types(batched, orders.failed())).containsExactly("created", "paymentfailed", "rejected");
            assertThat(types(batched, orders.outOfOrder()))
                    .containsExactly("created", "paymentdebited", "reviewrejected", "refundrequested");
            assertThat(types(batched, orders.gap())).containsExactly("created", "paymentfailed", "rejected");
            assertThat(types(batched, orders.refused()))
                    .containsExactly("created", "paymentfailed", "cancelrequested", "rejected");
            assertThat(types(batched, orders.late())).containsExactly("created", "cancelrequested", "cancelled");
            assertThat(types(batched, orders.noVersion())).containsExactly("created", "paymentfailed", "rejected");
            assertThat(batched.states()).containsExactlyInAnyOrder(
                    orders.approved() + " Approved null c1 10.00 false 3",
                    orders.failed() + " Rejected insufficient funds c2 20.00 false 3",
                    orders.outOfOrder() + " Compensating restaurant closed c3 30.00 false 4",
                    orders.gap() + " Rejected insufficient funds c4 40.00 false 3",
                    orders.refused() + " Rejected insufficient funds c5 50.00 false 4",
                    orders.late() + " Cancelled not completed within 30 s c6 60.00 false 3",
                    orders.noVersion() + " Rejected insufficient funds c7 70.00 false 3",
                    orders.unknown() + " Started null null null false 1");

            // The appends and reads ran in the span of the order's event of the highest version.
            assertThat(spans.used).containsExactlyInAnyOrder(
                    orders.failed() + " 2", orders.outOfOrder() + " 3", orders.gap() + " 2",
                    orders.refused() + " 2", orders.late() + " 1", orders.noVersion() + " 0");

            // Three rounds (decide; record the appends and the reads, decide; record the appends),
            // plus the event without a version on its own (replace, record the append, save).
            assertThat(batched.steps.rounds.get()).isEqualTo(3);
            assertThat(batched.steps.single.get()).isEqualTo(3);
            assertThat(alone.steps.transactions()).isGreaterThan(4 * batched.steps.transactions());
        }
    }

    @Test
    void theSameBatchAgainAppendsNothingAndChangesNothing() throws Exception {
        Orders orders = Orders.random();
        try (SagaWorld world = new SagaWorld()) {
            List<ReceivedEvent> batch = deliver(world, orders);
            world.handler.handleAll(batch, EventSpans.none());
            List<String> events = orders.all().stream().flatMap(id -> world.eventsOf(id).stream()).toList();
            List<String> steps = world.stepsAsRecorded();
            List<String> states = world.statesWithDeadlines();
            int creates = world.store.createCalls();
            int rounds = world.steps.rounds.get();

            world.handler.handleAll(redelivered(batch), EventSpans.none());

            assertThat(orders.all().stream().flatMap(id -> world.eventsOf(id).stream()).toList()).isEqualTo(events);
            assertThat(world.store.createCalls()).isEqualTo(creates);
            // The event without a version reads the store, whose times replace those recorded (as one by one).
            assertThat(withoutTimes(world.stepsAsRecorded(), orders.noVersion()))
                    .isEqualTo(withoutTimes(steps, orders.noVersion()));
            assertThat(world.steps()).hasSize(steps.size());
            assertThat(world.statesWithDeadlines()).isEqualTo(states);
            assertThat(world.steps.rounds.get()).isEqualTo(rounds + 1);
        }
    }

    @Test
    void aBatchOfTheCommonFlowIsOneTransaction() throws Exception {
        try (SagaWorld world = new SagaWorld()) {
            List<Event> stored = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                String orderId = UUID.randomUUID().toString();
                stored.add(world.put(id(orderId, "created"), orderId, "created",
                        "{\"order_id\":\"" + orderId + "\",\"customer_id\":\"c\",\"amount\":5}"));
                stored.add(world.put(id(orderId, "paymentdebited"), orderId, "paymentdebited",
                        "{\"OrderID\":\"" + orderId + "\",\"CustomerID\":\"c\",\"Amount\":5}"));
                stored.add(world.put(id(orderId, "approved"), orderId, "approved", "{\"OrderID\":\"" + orderId + "\"}"));
            }
            world.handler.handleAll(stored.stream().map(world::published).toList(), EventSpans.none());

            assertThat(world.steps.transactions()).isEqualTo(1);
            assertThat(world.store.createCalls()).isZero();
            assertThat(world.steps()).hasSize(30);
            assertThat(world.states()).hasSize(10).allMatch(row -> row.contains(" Approved null c 5.00 false 3"));
        }
    }

    @Test
    void aBatchWithAMessageThatNamesNoOrderThrowsBeforeWritingAnything() throws Exception {
        try (SagaWorld world = new SagaWorld()) {
            String orderId = UUID.randomUUID().toString();
            Event created = world.put(id(orderId, "created"), orderId, "created",
                    "{\"order_id\":\"" + orderId + "\",\"customer_id\":\"c\",\"amount\":5}");
            ReceivedEvent poison = new ReceivedEvent(SagaWorld.TYPES.paymentFailed(), "p1", null, 2,
                    "{}".getBytes(StandardCharsets.UTF_8), new Headers(), 1, 99);

            assertThatThrownBy(() -> world.handler.handleAll(List.of(world.published(created), poison),
                    EventSpans.none())).isInstanceOf(PoisonMessageException.class);
            assertThat(world.steps.transactions()).isZero();
            assertThat(world.steps()).isEmpty();
            // The consumer then handles each alone: the good one as ever, the poison one dead-lettered.
            world.handler.handle(world.published(created));
            assertThat(world.states()).containsExactly(orderId + " Started null c 5.00 true 1");
            assertThatThrownBy(() -> world.handler.handle(poison)).isInstanceOf(PoisonMessageException.class);
        }
    }

    @Test
    void twoBatchesWithTheSameOrdersAtOnceStillGiveEachOrderOneTerminalEvent() throws Exception {
        try (SagaWorld world = new SagaWorld()) {
            List<String> orderIds = new ArrayList<>();
            List<ReceivedEvent> batch = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String orderId = UUID.randomUUID().toString();
                orderIds.add(orderId);
                batch.add(world.published(world.put(id(orderId, "created"), orderId, "created",
                        "{\"order_id\":\"" + orderId + "\",\"customer_id\":\"c\",\"amount\":5}")));
                batch.add(world.published(world.put(id(orderId, "paymentfailed"), orderId, "paymentfailed",
                        "{\"OrderID\":\"" + orderId + "\",\"Reason\":\"no money\"}")));
            }
            List<ReceivedEvent> reversed = new ArrayList<>(batch);
            Collections.reverse(reversed);
            CompletableFuture<Void> one = CompletableFuture.runAsync(() -> handleAll(world, batch));
            CompletableFuture<Void> other = CompletableFuture.runAsync(() -> handleAll(world, reversed));
            CompletableFuture.allOf(one, other).join();

            for (String orderId : orderIds) {
                assertThat(types(world, orderId)).containsExactly("created", "paymentfailed", "rejected");
            }
            assertThat(world.states()).hasSize(20).allMatch(row -> row.contains(" Rejected no money c 5.00 false 3"));
        }
    }

    /**
     * Puts the orders' events into the world's store, as other writers did, and answers them as
     * the stream delivers them in one batch: several orders interleaved, all three events of one,
     * an out-of-order pair, an event whose predecessor is not in the batch, a decision refused
     * because another writer got in first, an order past its deadline, an event without a version,
     * a duplicate, and an event of a type the saga does not know (an order without created).
     */
    private static List<ReceivedEvent> deliver(SagaWorld w, Orders o) {
        Event approvedCreated = created(w, o.approved(), "c1", "10");
        Event failedCreated = created(w, o.failed(), "c2", "20");
        Event outCreated = created(w, o.outOfOrder(), "c3", "30");
        Event approvedDebited = debited(w, o.approved(), "c1", "10");
        Event failedFailed = failed(w, o.failed());
        Event outDebited = debited(w, o.outOfOrder(), "c3", "30");
        Event outRejected = w.put(id(o.outOfOrder(), "reviewrejected"), o.outOfOrder(), "reviewrejected",
                "{\"OrderID\":\"" + o.outOfOrder() + "\",\"Reason\":\"restaurant closed\"}");
        created(w, o.gap(), "c4", "40");
        Event gapFailed = failed(w, o.gap());
        Event refusedCreated = created(w, o.refused(), "c5", "50");
        Event refusedFailed = failed(w, o.refused());
        w.put(id(o.refused(), "cancelrequested"), o.refused(), "cancelrequested",
                "{\"OrderID\":\"" + o.refused() + "\",\"Reason\":\"customer asked\"}");
        Event approvedApproved = w.put(id(o.approved(), "approved"), o.approved(), "approved",
                "{\"OrderID\":\"" + o.approved() + "\"}");
        Event lateCreated = created(w, o.late(), "c6", "60");
        created(w, o.noVersion(), "c7", "70");
        Event noVersionFailed = failed(w, o.noVersion());
        Event unknown = w.put(id(o.unknown(), "audited"), o.unknown(), "audited", "{}");
        return List.of(
                w.published(unknown),
                w.published(approvedCreated),
                w.published(failedCreated),
                w.published(outCreated),
                w.published(approvedDebited),
                w.published(failedFailed),
                w.published(outRejected),
                w.published(gapFailed),
                w.published(refusedCreated),
                w.published(refusedFailed),
                w.published(approvedApproved),
                w.published(outDebited),
                w.published(lateCreated, Instant.now().minusSeconds(60)),
                w.publishedWithoutVersion(noVersionFailed),
                w.published(failedFailed));
    }

    private static Event created(SagaWorld w, String orderId, String customer, String amount) {
        return w.put(id(orderId, "created"), orderId, "created",
                "{\"order_id\":\"" + orderId + "\",\"customer_id\":\"" + customer + "\",\"amount\":" + amount + "}");
    }

    private static Event debited(SagaWorld w, String orderId, String customer, String amount) {
        return w.put(id(orderId, "paymentdebited"), orderId, "paymentdebited",
                "{\"OrderID\":\"" + orderId + "\",\"CustomerID\":\"" + customer + "\",\"Amount\":" + amount + "}");
    }

    private static Event failed(SagaWorld w, String orderId) {
        return w.put(id(orderId, "paymentfailed"), orderId, "paymentfailed",
                "{\"OrderID\":\"" + orderId + "\",\"Reason\":\"insufficient funds\"}");
    }

    /** The same event id in every world. */
    private static String id(String orderId, String suffix) {
        return UUID.nameUUIDFromBytes(("test:" + suffix + ":" + orderId).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static List<ReceivedEvent> redelivered(List<ReceivedEvent> batch) {
        return batch.stream().map(e -> new ReceivedEvent(e.subject(), e.eventId(), e.aggregateId(), e.version(),
                e.data(), e.headers(), e.deliveryCount() + 1, e.streamSequence())).toList();
    }

    private static List<String> withoutTimes(List<String> steps, String orderId) {
        return steps.stream().map(row -> row.startsWith(orderId) ? row.substring(0, row.lastIndexOf(' ')) : row)
                .toList();
    }

    private static List<String> types(SagaWorld w, String orderId) {
        return w.eventsOf(orderId).stream().map(row -> row.substring(0, row.indexOf(' '))).toList();
    }

    private static void handleAll(SagaWorld world, List<ReceivedEvent> batch) {
        try {
            world.handler.handleAll(batch, EventSpans.none());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Which events' spans work ran in: "order version". */
    private static final class RecordingSpans implements EventSpans {

        final Set<String> used = ConcurrentHashMap.newKeySet();

        @Override
        public <T> T run(ReceivedEvent event, Callable<T> work) throws Exception {
            used.add(event.aggregateId() + " " + event.version());
            return work.call();
        }
    }

    private record Orders(String approved, String failed, String outOfOrder, String gap, String refused, String late,
            String noVersion, String unknown) {

        static Orders random() {
            return new Orders(uuid(), uuid(), uuid(), uuid(), uuid(), uuid(), uuid(), uuid());
        }

        List<String> all() {
            return Stream.of(approved, failed, outOfOrder, gap, refused, late, noVersion, unknown).toList();
        }

        private static String uuid() {
            return UUID.randomUUID().toString();
        }
    }
}
