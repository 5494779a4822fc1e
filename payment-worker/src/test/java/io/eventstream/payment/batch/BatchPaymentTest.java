package io.eventstream.payment.batch;

import static io.eventstream.payment.batch.PaymentsWorld.created;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventstream.common.consumer.EventSpans;
import io.eventstream.common.consumer.ReceivedEvent;
import io.eventstream.common.events.EventIds;
import io.eventstream.common.events.MalformedEventException;
import io.eventstream.common.events.OrderCreated;
import io.eventstream.common.events.OrderEventKind;
import io.eventstream.common.events.json.EventBodies;
import io.eventstream.common.eventstore.EventStoreException;
import io.eventstream.payment.debit.DebitOutcome;
import io.eventstream.payment.debit.InvalidOrderException;
import io.eventstream.common.consumer.BatchScope;
import io.eventstream.payment.debit.OrderToPay;
import io.eventstream.payment.debit.PaymentRequest;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Created orders in batches (OrderCreatedHandler.handleAll, PaymentService.payAll, JdbcWallets.debitAll)
 * against the real PostgreSQL and an event store over gRPC: a batch has exactly the effects of
 * its events handled one by one, and stays all or nothing and idempotent.
 */
class BatchPaymentTest {

    /** Handles events one at a time, as without batches. */
    private static PaymentsWorld oneByOne;
    /** Handles the same events in batches. */
    private static PaymentsWorld batches;

    @BeforeAll
    static void start() {
        oneByOne = new PaymentsWorld();
        batches = new PaymentsWorld();
    }

    @AfterAll
    static void stop() {
        oneByOne.close();
        batches.close();
    }

    @Test
    void aBatchHasTheEffectsOfItsEventsHandledOneByOne() throws Exception {
        Ids ids = new Ids();
        String a = ids.customer();
        String b = ids.customer();
        String c = ids.customer();
        String d = ids.customer();
        String e = ids.customer();
        // Paid before the batch: a's wallet holds 70.00, and this order comes again in the batch.
        ReceivedEvent paidBefore = created(ids.order(), a, "30");
        oneByOne.handler.handle(paidBefore);
        batches.handler.handle(paidBefore);
        ReceivedEvent aFifty = created(ids.order(), a, "50");
        List<ReceivedEvent> batch = List.of(
                created(ids.order(), b, "70"),       // new wallet, debited: 30.00 left
                aFifty,                              // 70.00 -> 20.00
                created(ids.order(), b, "40"),       // b's second order is not covered: failed, nothing moves
                created(ids.order(), c, "150"),      // above a new wallet's credit: failed, the wallet opens
                created(ids.order(), a, "20.005"),   // 20.00 does not cover 20.005
                created(ids.order(), d, "33.335"),   // new wallet: 66.665 stored as 66.67, as the database rounds
                created(ids.order(), b, "30"),       // b's last 30.00, after the failed one
                aFifty,                              // listed twice: answers the same
                created(ids.order(), e, "0"),        // nothing to take: debited
                created(ids.order(), a, "20"),       // a's last 20.00
                paidBefore);                         // already paid: answers the recorded outcome

        List<DebitOutcome> alone = new ArrayList<>();
        for (ReceivedEvent event : batch) {
            alone.add(oneByOne.payments.pay(order(event), event.eventId()));
        }
        List<DebitOutcome> together = batches.payments.payAll(requests(batch), BatchScope.none());

        assertThat(normalized(together)).isEqualTo(normalized(alone));
        assertThat(together).extracting(DebitOutcome::debited)
                .containsExactly(true, true, false, false, false, true, true, true, true, true, true);
        assertThat(together.get(2).reason()).isEqualTo("insufficient funds: the balance 30.00 does not cover 40");
        assertThat(batches.wallets(ids.customers)).isEqualTo(oneByOne.wallets(ids.customers))
                .containsExactly(a + " 100.00 0.00", b + " 100.00 0.00", c + " 100.00 100.00",
                        d + " 100.00 66.67", e + " 100.00 100.00");
        assertThat(batches.payments(ids.orders)).isEqualTo(oneByOne.payments(ids.orders)).hasSize(10);
        assertThat(batches.events(ids.orders)).isEqualTo(oneByOne.events(ids.orders)).hasSize(10);
    }

    @Test
    void theSameBatchAgainMovesNothingAndAnswersTheSameOutcomes() throws Exception {
        Ids ids = new Ids();
        String a = ids.customer();
        String b = ids.customer();
        List<ReceivedEvent> batch = List.of(created(ids.order(), a, "60"), created(ids.order(), b, "10"),
                created(ids.order(), a, "60"), created(ids.order(), b, "10.50"));
        List<DebitOutcome> first = batches.payments.payAll(requests(batch), BatchScope.none());
        List<String> wallets = batches.wallets(ids.customers);
        List<String> events = batches.events(ids.orders);
        int callsBefore = batches.store.createCalls();

        List<DebitOutcome> again = batches.payments.payAll(requests(batch), BatchScope.none());

        assertThat(normalized(again)).isEqualTo(normalized(first));
        assertThat(batches.wallets(ids.customers)).isEqualTo(wallets)
                .containsExactly(a + " 100.00 40.00", b + " 100.00 79.50");
        assertThat(batches.payments(ids.orders)).hasSize(4);
        // Every event appended again, with the same id: the store keeps one of each.
        assertThat(batches.store.createCalls()).isEqualTo(callsBefore + 4);
        assertThat(batches.store.requests().subList(callsBefore, callsBefore + 4))
                .extracting(r -> r.getEvent().getEventId())
                .containsExactlyInAnyOrderElementsOf(batch.stream().map(ev -> eventIdOf(ev, again)).toList());
        assertThat(batches.events(ids.orders)).isEqualTo(events).hasSize(4);
    }

    @Test
    void aPoisonEventFailsTheWholeBatchBeforeAnythingIsDebited() {
        Ids ids = new Ids();
        String a = ids.customer();
        int callsBefore = batches.store.createCalls();
        String unknownCustomer = ids.order();
        List<ReceivedEvent> noCustomer = List.of(created(ids.order(), a, "10"),
                created(unknownCustomer, "{\"order_id\":\"" + unknownCustomer + "\",\"amount\":5}"));
        String bad = ids.order();
        List<ReceivedEvent> negative = List.of(created(ids.order(), a, "10"), created(bad, a, "-1"));
        List<ReceivedEvent> notJson = List.of(created(ids.order(), a, "10"), created(ids.order(), "{not json"));

        for (List<ReceivedEvent> batch : List.of(noCustomer, negative)) {
            assertThatThrownBy(() -> batches.handler.handleAll(batch, EventSpans.none()))
                    .isInstanceOf(InvalidOrderException.class);
        }
        // A body that does not parse is common's malformed event (poison), before anything is debited too.
        assertThatThrownBy(() -> batches.handler.handleAll(notJson, EventSpans.none()))
                .isInstanceOf(MalformedEventException.class);

        assertThat(batches.wallets(ids.customers)).isEmpty();
        assertThat(batches.payments(ids.orders)).isEmpty();
        assertThat(batches.store.createCalls()).isEqualTo(callsBefore);
    }

    @Test
    void aFailedAppendFailsTheBatchAndARunAgainAppendsWithoutDebitingTwice() throws Exception {
        Ids ids = new Ids();
        String a = ids.customer();
        String b = ids.customer();
        List<ReceivedEvent> batch = List.of(created(ids.order(), a, "25"), created(ids.order(), b, "101"),
                created(ids.order(), a, "25"));

        batches.store.failNextCreates(1, Status.UNAVAILABLE, false);
        assertThatThrownBy(() -> batches.handler.handleAll(batch, EventSpans.none()))
                .isInstanceOf(EventStoreException.class);
        // The debits were committed before the appends: that is what a run again answers.
        assertThat(batches.wallets(ids.customers)).containsExactly(a + " 100.00 50.00", b + " 100.00 100.00");
        assertThat(batches.events(ids.orders)).hasSize(2);

        batches.handler.handleAll(batch, EventSpans.none());

        assertThat(batches.wallets(ids.customers)).containsExactly(a + " 100.00 50.00", b + " 100.00 100.00");
        assertThat(batches.payments(ids.orders)).hasSize(3);
        assertThat(batches.events(ids.orders)).hasSize(3).anySatisfy(ev -> assertThat(ev)
                .contains(".paymentfailed", "insufficient funds: the balance 100.00 does not cover 101"));
    }

    @Test
    void eachEventIsMadeInsideItsOwnEventsSpanAndTheBatchGoesInOneCall() throws Exception {
        Ids ids = new Ids();
        String a = ids.customer();
        List<ReceivedEvent> batch = List.of(created(ids.order(), a, "1"), created(ids.order(), ids.customer(), "2"),
                created(ids.order(), a, "3"));
        Map<ReceivedEvent, Integer> runs = new ConcurrentHashMap<>();
        int callsBefore = batches.store.createEventsCalls();
        EventSpans spans = new EventSpans() {
            @Override
            public <T> T run(ReceivedEvent event, Callable<T> work) throws Exception {
                runs.merge(event, 1, Integer::sum);
                return work.call();
            }
        };

        batches.handler.handleAll(batch, spans);

        // Each event's span once, to make its event (and so its trace context), the first's once more
        // for the call that takes all three (common's EventStoreClient.appendEach).
        assertThat(runs).containsOnlyKeys(batch).containsEntry(batch.get(0), 2).containsEntry(batch.get(1), 1)
                .containsEntry(batch.get(2), 1);
        assertThat(batches.store.createEventsCalls()).isEqualTo(callsBefore + 1);
        assertThat(batches.events(ids.orders)).hasSize(3);
    }

    @Test
    void batchesAtOnceOverTheSameWalletsNeitherDeadlockNorDebitTwice() throws Exception {
        Ids ids = new Ids();
        List<String> customers = List.of(ids.customer(), ids.customer(), ids.customer(), ids.customer());
        List<ReceivedEvent> orders = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            orders.add(created(ids.order(), customers.get(i % customers.size()), "7"));
        }
        // Four batches at once, each the whole list in another order: every order comes four times.
        var pool = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<CompletableFuture<List<DebitOutcome>>> runs = new ArrayList<>();
            for (int run = 0; run < 4; run++) {
                List<ReceivedEvent> shuffled = new ArrayList<>(orders);
                Collections.shuffle(shuffled);
                runs.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        go.await();
                        return batches.payments.payAll(requests(shuffled), BatchScope.none());
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, pool));
            }
            go.countDown();
            for (var run : runs) {
                assertThat(run.get(60, TimeUnit.SECONDS)).hasSize(40);
            }
        } finally {
            pool.shutdownNow();
        }

        // 10 orders of 7 each per customer: 70 taken once, whatever the interleaving.
        assertThat(batches.wallets(ids.customers)).hasSize(4).allSatisfy(w -> assertThat(w).endsWith(" 100.00 30.00"));
        assertThat(batches.payments(ids.orders)).hasSize(40).allSatisfy(p -> assertThat(p).contains(" debited "));
        assertThat(batches.events(ids.orders)).hasSize(40);
    }

    private static String eventIdOf(ReceivedEvent event, List<DebitOutcome> outcomes) {
        DebitOutcome outcome = outcomes.stream().filter(o -> o.orderId().equals(event.aggregateId())).findFirst()
                .orElseThrow();
        return EventIds.of(outcome.debited() ? OrderEventKind.PAYMENT_DEBITED : OrderEventKind.PAYMENT_FAILED,
                outcome.orderId());
    }

    private static List<PaymentRequest> requests(List<ReceivedEvent> events) {
        return events.stream().map(e -> new PaymentRequest(order(e), e.eventId())).toList();
    }

    /** Outcomes to compare: amounts by value (a recorded one is read back at the column's scale). */
    private static List<String> normalized(List<DebitOutcome> outcomes) {
        return outcomes.stream().map(o -> o.orderId() + " " + o.customerId() + " "
                + o.amount().stripTrailingZeros().toPlainString() + " " + o.debited() + " " + o.reason()).toList();
    }

    /** Fresh order and customer ids, so tests share the databases without seeing each other. */
    private static final class Ids {
        final Set<String> customers = new LinkedHashSet<>();
        final Set<String> orders = new LinkedHashSet<>();
        private final String run = UUID.randomUUID().toString().substring(0, 8);

        String customer() {
            String id = "c" + customers.size() + "-" + run;
            customers.add(id);
            return id;
        }

        String order() {
            String id = "o" + orders.size() + "-" + run;
            orders.add(id);
            return id;
        }
    }

    /** The order a created event asks to pay, read as the handler reads it. */
    private static OrderToPay order(ReceivedEvent event) {
        OrderCreated created = EventBodies.created(event.data());
        return new OrderToPay(created.orderId(), created.customerId(), created.amount(), created.restaurantId());
    }
}
