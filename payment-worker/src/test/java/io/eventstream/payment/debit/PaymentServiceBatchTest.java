package io.eventstream.payment.debit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventstream.common.events.PaymentDebited;
import io.eventstream.common.events.PaymentFailed;
import io.eventstream.common.events.PaymentRefunded;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** PaymentService.payAll without a database: what it checks first, how it appends, when it returns. */
class PaymentServiceBatchTest {

    private final ExecutorService appendThreads = Executors.newFixedThreadPool(4);
    private final StubWallets wallets = new StubWallets();

    @AfterEach
    void stop() {
        appendThreads.shutdownNow();
    }

    @Test
    void theEventsOfABatchAreAppendedAtTheSameTimeEachInItsOrdersScope() throws Exception {
        // Each append waits until all three have started: appended one after the other, it would time out.
        CountDownLatch allStarted = new CountDownLatch(3);
        Set<String> appendedIn = ConcurrentHashMap.newKeySet();
        ThreadLocal<Integer> scopeIndex = new ThreadLocal<>();
        PaymentEvents events = new RecordingEvents() {
            @Override
            void record(String orderId) {
                allStarted.countDown();
                try {
                    assertThat(allStarted.await(5, TimeUnit.SECONDS)).isTrue();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                appendedIn.add(orderId + "@" + scopeIndex.get());
            }
        };
        OrderScope scope = (index, work) -> {
            scopeIndex.set(index);
            try {
                work.run();
            } finally {
                scopeIndex.remove();
            }
        };

        List<DebitOutcome> outcomes = new PaymentService(wallets, events, appendThreads)
                .payAll(List.of(request("o0", "5"), request("o1", "500"), request("o2", "7")), scope);

        assertThat(outcomes).extracting(DebitOutcome::orderId).containsExactly("o0", "o1", "o2");
        assertThat(appendedIn).containsExactlyInAnyOrder("o0@0", "o1@1", "o2@2");
    }

    @Test
    void anOrderThatCanNeverBePaidFailsTheBatchBeforeAnythingIsDebited() {
        RecordingEvents events = new RecordingEvents();
        PaymentService payments = new PaymentService(wallets, events, appendThreads);

        assertThatThrownBy(() -> payments.payAll(List.of(request("o0", "5"), request("o1", "-1")), OrderScope.none()))
                .isInstanceOf(InvalidOrderException.class).hasMessageContaining("o1");
        assertThatThrownBy(() -> payments.payAll(List.of(request("o0", "5"),
                new PaymentRequest(new OrderToPay("o1", " ", BigDecimal.ONE), "c")), OrderScope.none()))
                .isInstanceOf(InvalidOrderException.class).hasMessageContaining("customer_id");

        assertThat(wallets.batches).hasValue(0);
        assertThat(events.calls).hasValue(0);
    }

    @Test
    void aFailedAppendFailsTheBatchOnlyOnceEveryAppendHasFinished() {
        RecordingEvents events = new RecordingEvents() {
            @Override
            void record(String orderId) {
                if (orderId.equals("o1")) {
                    throw new IllegalStateException("store down for " + orderId);
                }
                try {
                    Thread.sleep(200); // still appending when o1 has failed
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                super.record(orderId);
            }
        };

        assertThatThrownBy(() -> new PaymentService(wallets, events, appendThreads)
                .payAll(List.of(request("o0", "5"), request("o1", "5"), request("o2", "5")), OrderScope.none()))
                .isInstanceOf(IllegalStateException.class).hasMessage("store down for o1");
        assertThat(events.calls).hasValue(2);
    }

    private static PaymentRequest request(String orderId, String amount) {
        return new PaymentRequest(new OrderToPay(orderId, "c-" + orderId, new BigDecimal(amount), "r1"),
                "created-" + orderId);
    }

    /** Debits what a wallet of 100 covers; counts the batches. */
    private static final class StubWallets implements Wallets {
        final AtomicInteger batches = new AtomicInteger();

        @Override
        public List<DebitOutcome> debitAll(List<OrderToPay> orders) {
            batches.incrementAndGet();
            return orders.stream().map(o -> o.amount().compareTo(new BigDecimal("100")) <= 0
                    ? new DebitOutcome(o.orderId(), o.customerId(), o.amount(), true, null)
                    : new DebitOutcome(o.orderId(), o.customerId(), o.amount(), false, "insufficient funds")).toList();
        }

        @Override
        public DebitOutcome debitOnce(OrderToPay order) {
            return debitAll(List.of(order)).get(0);
        }

        @Override
        public Optional<PaymentRefunded> refundOnce(String orderId) {
            return Optional.empty();
        }

        @Override
        public WalletView wallet(String customerId) {
            throw new UnsupportedOperationException();
        }
    }

    /** Counts the events recorded; a test decides what recording one does. */
    private static class RecordingEvents implements PaymentEvents {
        final AtomicInteger calls = new AtomicInteger();

        void record(String orderId) {
            calls.incrementAndGet();
        }

        @Override
        public void paymentDebited(PaymentDebited debited, String causationId) {
            record(debited.orderId());
        }

        @Override
        public void paymentFailed(PaymentFailed failed, String causationId) {
            record(failed.orderId());
        }

        @Override
        public void paymentRefunded(PaymentRefunded refunded, String causationId) {
            record(refunded.orderId());
        }
    }
}
