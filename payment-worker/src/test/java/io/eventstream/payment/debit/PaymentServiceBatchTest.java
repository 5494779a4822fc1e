package io.eventstream.payment.debit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventstream.common.consumer.BatchScope;
import io.eventstream.common.events.PaymentDebited;
import io.eventstream.common.events.PaymentFailed;
import io.eventstream.common.events.PaymentRefunded;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** PaymentService.payAll without a database: what it checks first, what it records, when it returns. */
class PaymentServiceBatchTest {

    private final StubWallets wallets = new StubWallets();

    @Test
    void theOutcomesOfABatchAreRecordedTogetherInTheOrderOfTheRequests() throws Exception {
        RecordingEvents events = new RecordingEvents();
        BatchScope scope = (index, work) -> work.run();

        List<DebitOutcome> outcomes = new PaymentService(wallets, events)
                .payAll(List.of(request("o0", "5"), request("o1", "500"), request("o2", "7")), scope);

        assertThat(outcomes).extracting(DebitOutcome::orderId).containsExactly("o0", "o1", "o2");
        assertThat(events.batches).singleElement().satisfies(batch -> {
            assertThat(batch).extracting(PaymentOutcomeEvent::causationId)
                    .containsExactly("created-o0", "created-o1", "created-o2");
            assertThat(batch.get(0).body()).isEqualTo(new PaymentDebited("o0", "c-o0", new BigDecimal("5"), "r1"));
            assertThat(batch.get(1).body()).isInstanceOfSatisfying(PaymentFailed.class,
                    f -> assertThat(f.reason()).isEqualTo("insufficient funds"));
            assertThat(batch.get(2).body()).isEqualTo(new PaymentDebited("o2", "c-o2", new BigDecimal("7"), "r1"));
        });
        assertThat(events.scopes).containsExactly(scope);
    }

    @Test
    void anOrderThatCanNeverBePaidFailsTheBatchBeforeAnythingIsDebited() {
        RecordingEvents events = new RecordingEvents();
        PaymentService payments = new PaymentService(wallets, events);

        assertThatThrownBy(() -> payments.payAll(List.of(request("o0", "5"), request("o1", "-1")), BatchScope.none()))
                .isInstanceOf(InvalidOrderException.class).hasMessageContaining("o1");
        assertThatThrownBy(() -> payments.payAll(List.of(request("o0", "5"),
                new PaymentRequest(new OrderToPay("o1", " ", BigDecimal.ONE), "c")), BatchScope.none()))
                .isInstanceOf(InvalidOrderException.class).hasMessageContaining("customer_id");

        assertThat(wallets.batches).hasValue(0);
        assertThat(events.batches).isEmpty();
    }

    @Test
    void aBatchWhoseEventsAreNotAllRecordedFailsAfterItsDebits() {
        RecordingEvents events = new RecordingEvents() {
            @Override
            public void recordAll(List<PaymentOutcomeEvent> outcomes, BatchScope scope) {
                super.recordAll(outcomes, scope);
                throw new IllegalStateException("store down for o1");
            }
        };

        assertThatThrownBy(() -> new PaymentService(wallets, events)
                .payAll(List.of(request("o0", "5"), request("o1", "5"), request("o2", "5")), BatchScope.none()))
                .isInstanceOf(IllegalStateException.class).hasMessage("store down for o1");
        assertThat(wallets.batches).hasValue(1);
        assertThat(events.batches).singleElement().satisfies(b -> assertThat(b).hasSize(3));
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

    /** Keeps the batches recorded and the scopes they came with; records nothing one by one. */
    private static class RecordingEvents implements PaymentEvents {
        final List<List<PaymentOutcomeEvent>> batches = new ArrayList<>();
        final List<BatchScope> scopes = new ArrayList<>();

        @Override
        public void recordAll(List<PaymentOutcomeEvent> outcomes, BatchScope scope) {
            batches.add(List.copyOf(outcomes));
            scopes.add(scope);
        }

        @Override
        public void paymentDebited(PaymentDebited debited, String causationId) {
            throw new AssertionError("a batch records its events together");
        }

        @Override
        public void paymentFailed(PaymentFailed failed, String causationId) {
            throw new AssertionError("a batch records its events together");
        }

        @Override
        public void paymentRefunded(PaymentRefunded refunded, String causationId) {
            throw new AssertionError("not asked for");
        }
    }
}
