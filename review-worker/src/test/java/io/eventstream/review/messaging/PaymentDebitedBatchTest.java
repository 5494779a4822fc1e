package io.eventstream.review.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventstream.common.consumer.EventSpans;
import io.eventstream.common.consumer.ReceivedEvent;
import io.eventstream.common.events.EventIds;
import io.eventstream.common.events.MalformedEventException;
import io.eventstream.common.events.OrderEventKind;
import io.eventstream.common.eventstore.EventStoreException;
import io.eventstream.proto.eventstore.Event;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The review's batches against a gRPC event store: a batch appends exactly what its events one
 * by one do, the verdicts taken on the debit alone together in one call, each event made and each
 * other call in the span of its event; the same batch again appends nothing new; an
 * unparsable event makes the batch throw before anything is appended; a failed append makes the
 * batch throw once every other call has ended, and the batch again completes it without duplicates.
 */
class PaymentDebitedBatchTest {

    @Test
    void aBatchAppendsWhatItsEventsOneByOneDoEachInTheSpanOfItsEvent() throws Exception {
        Orders orders = Orders.random();
        try (ReviewWorld alone = new ReviewWorld(); ReviewWorld batched = new ReviewWorld()) {
            for (ReceivedEvent event : deliver(alone, orders)) {
                alone.handler.handle(event);
            }
            List<ReceivedEvent> batch = deliver(batched, orders);
            batched.slowCalls = Duration.ofMillis(50);
            batched.handler.handleAll(batch, batched.spans());

            for (String orderId : orders.all()) {
                assertThat(batched.eventsOf(orderId)).as(orderId).isEqualTo(alone.eventsOf(orderId));
            }
            // What the review did, spelled out (the same in both worlds, as compared above).
            assertThat(types(batched, orders.approved())).containsExactly("created", "paymentdebited", "approved");
            assertThat(batched.eventsOf(orders.approved()).get(2)).isEqualTo("approved "
                    + EventIds.of(OrderEventKind.APPROVED, orders.approved()) + " v3  cause="
                    + id(orders.approved(), "paymentdebited"));
            assertThat(types(batched, orders.closed()))
                    .containsExactly("created", "paymentdebited", "reviewrejected");
            assertThat(batched.eventsOf(orders.closed()).get(2)).isEqualTo("reviewrejected "
                    + EventIds.of(OrderEventKind.REVIEW_REJECTED, orders.closed()) + " v3 {\"OrderID\":\""
                    + orders.closed() + "\",\"Reason\":\"restaurant r-closed is closed\"} cause="
                    + id(orders.closed(), "paymentdebited"));
            assertThat(batched.eventsOf(orders.aboveLimit()).get(2))
                    .contains("reviewrejected", "amount 250.5 is above the review limit 100");
            assertThat(batched.eventsOf(orders.oldPayment()).get(2)).contains("reviewrejected", "r-closed is closed");
            assertThat(types(batched, orders.later()))
                    .containsExactly("created", "audited", "paymentdebited", "approved");
            assertThat(types(batched, orders.cancelledAfter()))
                    .containsExactly("created", "paymentdebited", "cancelrequested");
            assertThat(types(batched, orders.cancelledBefore()))
                    .containsExactly("created", "cancelrequested", "paymentdebited");
            assertThat(batched.eventsOf(orders.bare()).get(2)).isEqualTo("approved "
                    + EventIds.of(OrderEventKind.APPROVED, orders.bare()) + " v3  cause=" + id(orders.bare(), "paymentdebited"));

            // Every event was made, and every call to the store started, in the span of an event of its order.
            assertThat(batched.calls).isNotEmpty()
                    .allSatisfy(call -> assertThat(call.substring(call.indexOf(' ') + 1))
                            .matches("(\\S+) in span of \\1"));
            // The verdicts taken on the debit alone went together, in one call; the others one by one.
            assertThat(batched.calls.stream().filter(call -> call.startsWith("recordAll"))).hasSize(1);
            assertThat(batched.calls).contains("make " + orders.closed() + " in span of " + orders.closed(),
                    "make " + orders.cancelledAfter() + " in span of " + orders.cancelledAfter());
            assertThat(batched.calls.stream().filter(call -> call.startsWith("make ") || call.startsWith("record "))
                    .count()).isEqualTo(alone.calls.stream().filter(call -> call.startsWith("record ")).count());
            assertThat(alone.calls).allSatisfy(call -> assertThat(call).endsWith("in span of none"));
            assertThat(batched.running).hasValue(0);
            // The orders' calls ran at once (the world's handler has 4 call threads).
            assertThat(batched.mostAtOnce.get()).isGreaterThan(1);
        }
    }

    @Test
    void theSameBatchAgainAppendsNothingNew() throws Exception {
        Orders orders = Orders.random();
        try (ReviewWorld world = new ReviewWorld()) {
            List<ReceivedEvent> batch = deliver(world, orders);
            world.handler.handleAll(batch, world.spans());
            List<Event> events = world.store.events();
            int creates = world.store.createCalls();

            world.handler.handleAll(redelivered(batch), world.spans());

            assertThat(world.store.events()).isEqualTo(events);
            // Only the verdicts taken from a debit alone are sent again (answered as duplicate or
            // refused); the orders judged on their history find them settled and send nothing.
            assertThat(world.store.requests().subList(creates, world.store.createCalls()))
                    .allSatisfy(r -> assertThat(r.getExpectedVersion()).isEqualTo(2));
        }
    }

    @Test
    void aBatchWithAnUnparsableEventThrowsAndAppendsNothing() throws Exception {
        Orders orders = Orders.random();
        try (ReviewWorld world = new ReviewWorld()) {
            List<ReceivedEvent> good = deliver(world, orders);
            ReceivedEvent notJson = world.message("m-poison", UUID.randomUUID().toString(), 2, "{not json");
            List<ReceivedEvent> batch = new ArrayList<>(good);
            batch.add(good.size() / 2, notJson);
            List<Event> before = world.store.events();

            assertThatThrownBy(() -> world.handler.handleAll(batch, world.spans()))
                    .isInstanceOf(MalformedEventException.class).hasMessageContaining("not JSON");
            assertThat(world.store.createCalls()).isZero();
            assertThat(world.calls).isEmpty();
            assertThat(world.store.events()).isEqualTo(before);

            // The consumer then handles each alone: the good ones as ever, the poison one dead-lettered.
            for (ReceivedEvent event : good) {
                world.handler.handle(event);
            }
            assertThat(types(world, orders.approved())).containsExactly("created", "paymentdebited", "approved");
            assertThatThrownBy(() -> world.handler.handle(notJson)).isInstanceOf(MalformedEventException.class);

            // So does a body that names another order than the event.
            ReceivedEvent other = world.message("m-other", orders.approved(), 2,
                    "{\"OrderID\":\"" + UUID.randomUUID() + "\",\"CustomerID\":\"c\",\"Amount\":1}");
            int creates = world.store.createCalls();
            assertThatThrownBy(() -> world.handler.handleAll(List.of(good.get(0), other), world.spans()))
                    .isInstanceOf(MalformedEventException.class).hasMessageContaining("differs");
            assertThat(world.store.createCalls()).isEqualTo(creates);
        }
    }

    @ParameterizedTest(name = "stored before the failure: {0}")
    @ValueSource(booleans = {false, true})
    void aFailedAppendFailsTheBatchAndTheBatchAgainCompletesItWithoutDuplicates(boolean stored) throws Exception {
        Orders orders = Orders.random();
        try (ReviewWorld alone = new ReviewWorld(); ReviewWorld world = new ReviewWorld()) {
            for (ReceivedEvent event : deliver(alone, orders)) {
                alone.handler.handle(event);
            }
            List<ReceivedEvent> batch = deliver(world, orders);
            world.store.failNextCreates(1, Status.UNAVAILABLE, stored);

            assertThatThrownBy(() -> world.handler.handleAll(batch, world.spans()))
                    .isInstanceOf(EventStoreException.class)
                    .satisfies(e -> assertThat(((EventStoreException) e).code()).isEqualTo(Status.Code.UNAVAILABLE));
            // It threw only once every other call had ended: none is left to race the retry.
            assertThat(world.running).hasValue(0);
            int verdicts = verdicts(world, orders);
            assertThat(verdicts).isBetween(verdicts(alone, orders) - (stored ? 0 : 1), verdicts(alone, orders));

            world.handler.handleAll(redelivered(batch), world.spans());

            for (String orderId : orders.all()) {
                assertThat(world.eventsOf(orderId)).as(orderId).isEqualTo(alone.eventsOf(orderId));
            }
        }
    }

    /**
     * Puts the orders' histories into the world's store, as other writers did, and answers their
     * debits as the stream delivers them in one batch: approved and rejected from the debit alone,
     * judged on the history (a debit without RestaurantID, a debit later in the history, one
     * published without headers), a verdict refused because a cancel got in after the debit, an
     * order cancelled before it, and a debit delivered twice.
     */
    private static List<ReceivedEvent> deliver(ReviewWorld w, Orders o) {
        created(w, o.approved(), "r1", "20");
        Event approved = debited(w, o.approved(), "r1", "20");
        created(w, o.closed(), "r-closed", "20");
        Event closed = debited(w, o.closed(), "r-closed", "20");
        created(w, o.aboveLimit(), "r1", "250.50");
        Event aboveLimit = debited(w, o.aboveLimit(), "r1", "250.50");
        created(w, o.oldPayment(), "r-closed", "20");
        Event oldPayment = w.put(id(o.oldPayment(), "paymentdebited"), o.oldPayment(), "paymentdebited",
                "{\"OrderID\":\"" + o.oldPayment() + "\",\"CustomerID\":\"c\",\"Amount\":20}");
        created(w, o.later(), "r1", "20");
        w.put(id(o.later(), "audited"), o.later(), "audited", "{}");
        Event later = debited(w, o.later(), "r1", "20");
        created(w, o.cancelledAfter(), "r1", "20");
        Event cancelledAfter = debited(w, o.cancelledAfter(), "r1", "20");
        cancelRequested(w, o.cancelledAfter());
        created(w, o.cancelledBefore(), "r1", "20");
        cancelRequested(w, o.cancelledBefore());
        Event cancelledBefore = debited(w, o.cancelledBefore(), "r1", "20");
        created(w, o.bare(), "r1", "20");
        Event bare = debited(w, o.bare(), "r1", "20");
        return List.of(
                w.published(approved),
                w.published(closed),
                w.published(aboveLimit),
                w.published(oldPayment),
                w.published(later),
                w.published(cancelledAfter),
                w.published(cancelledBefore),
                w.publishedBare(bare),
                w.published(approved));
    }

    private static void created(ReviewWorld w, String orderId, String restaurant, String amount) {
        w.put(id(orderId, "created"), orderId, "created", "{\"order_id\":\"" + orderId
                + "\",\"customer_id\":\"c\",\"restaurant_id\":\"" + restaurant + "\",\"amount\":" + amount + "}");
    }

    private static Event debited(ReviewWorld w, String orderId, String restaurant, String amount) {
        return w.put(id(orderId, "paymentdebited"), orderId, "paymentdebited", "{\"OrderID\":\"" + orderId
                + "\",\"CustomerID\":\"c\",\"Amount\":" + amount + ",\"RestaurantID\":\"" + restaurant + "\"}");
    }

    private static void cancelRequested(ReviewWorld w, String orderId) {
        w.put(id(orderId, "cancelrequested"), orderId, "cancelrequested",
                "{\"OrderID\":\"" + orderId + "\",\"Reason\":\"cancelled by the customer\"}");
    }

    /** The same event id in every world. */
    private static String id(String orderId, String suffix) {
        return UUID.nameUUIDFromBytes(("test:" + suffix + ":" + orderId).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static List<ReceivedEvent> redelivered(List<ReceivedEvent> batch) {
        return batch.stream().map(e -> new ReceivedEvent(e.subject(), e.eventId(), e.aggregateId(), e.version(),
                e.data(), e.headers(), e.deliveryCount() + 1, e.streamSequence())).toList();
    }

    private static List<String> types(ReviewWorld w, String orderId) {
        return w.eventsOf(orderId).stream().map(row -> row.substring(0, row.indexOf(' '))).toList();
    }

    private static int verdicts(ReviewWorld w, Orders o) {
        return (int) o.all().stream().flatMap(id -> types(w, id).stream())
                .filter(type -> type.equals("approved") || type.equals("reviewrejected")).count();
    }

    private record Orders(String approved, String closed, String aboveLimit, String oldPayment, String later,
            String cancelledAfter, String cancelledBefore, String bare) {

        static Orders random() {
            return new Orders(uuid(), uuid(), uuid(), uuid(), uuid(), uuid(), uuid(), uuid());
        }

        List<String> all() {
            return Stream.of(approved, closed, aboveLimit, oldPayment, later, cancelledAfter, cancelledBefore, bare)
                    .toList();
        }

        private static String uuid() {
            return UUID.randomUUID().toString();
        }
    }
}
