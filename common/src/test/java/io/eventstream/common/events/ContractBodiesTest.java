package io.eventstream.common.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventstream.common.events.json.EventBodies;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Pins every event body against the wire contract, docs/contract.md: the original's bodies
 * (sections "NATS JetStream" and "What the original's services do on the wire beyond the
 * proto") and ours ("Event bodies"). Encoding is compared as exact strings: a changed byte
 * changes what every reader sees and makes a retried effect a conflict instead of a duplicate.
 */
class ContractBodiesTest {

    private static final String ORDER = "6f1c2b0e-3c1a-4f0e-9a51-1d2f3e4a5b6c";

    /** docs/contract.md, "Event bodies": what we write, byte for byte. */
    @Nested
    class Encoding {

        @Test
        void createdIsTheOrderJsonInTheContractsFieldOrder() {
            OrderCreated created = new OrderCreated(ORDER, "c1", "Pending", Instant.parse("2026-12-04T20:27:05.123456Z"),
                    "r1", new BigDecimal("21.0"), List.of(new OrderCreated.Item("p1", "Pizza", new BigDecimal("10.5"), 2)));
            assertThat(EventBodies.encode(created)).isEqualTo("{\"order_id\":\"" + ORDER + "\",\"customer_id\":\"c1\","
                    + "\"status\":\"Pending\",\"created_on\":\"2026-12-04T20:27:05.123456Z\",\"restaurant_id\":\"r1\","
                    + "\"amount\":21.0,\"order_items\":[{\"code\":\"p1\",\"name\":\"Pizza\",\"unit_price\":10.5,"
                    + "\"quantity\":2}]}");
        }

        @Test
        void createdOnHasAsManyFractionDigitsAsTheInstantNeeds() {
            assertThat(EventBodies.encode(created(Instant.parse("2026-12-04T20:27:05Z"))))
                    .contains("\"created_on\":\"2026-12-04T20:27:05Z\"");
            assertThat(EventBodies.encode(created(Instant.parse("2026-12-04T20:27:05.120Z"))))
                    .contains("\"created_on\":\"2026-12-04T20:27:05.120Z\"");
        }

        /** docs/contract.md, "NATS JetStream": {"OrderID":"…","CustomerID":"…","Amount":21}, Go's names. */
        @Test
        void paymentDebitedIsTheOriginalsBodyWithTheRestaurantAfterIt() {
            assertThat(EventBodies.encode(new PaymentDebited(ORDER, "c1", new BigDecimal("21.00"))))
                    .isEqualTo("{\"OrderID\":\"" + ORDER + "\",\"CustomerID\":\"c1\",\"Amount\":21}");
            assertThat(EventBodies.encode(new PaymentDebited(ORDER, "c1", new BigDecimal("21.0"), "r1")))
                    .isEqualTo("{\"OrderID\":\"" + ORDER + "\",\"CustomerID\":\"c1\",\"Amount\":21,\"RestaurantID\":\"r1\"}");
        }

        /** As Go prints a float64: no trailing zeros, no exponent. */
        @ParameterizedTest
        @ValueSource(strings = {"21.00:21", "21.50:21.5", "1000:1000", "1E+3:1000", "0.10:0.1", "0:0", "0.00:0"})
        void paymentAmountsArePrintedLikeGoFloats(String amountAndWritten) {
            String[] parts = amountAndWritten.split(":");
            assertThat(EventBodies.encode(new PaymentRefunded("o", "c", new BigDecimal(parts[0]))))
                    .isEqualTo("{\"OrderID\":\"o\",\"CustomerID\":\"c\",\"Amount\":" + parts[1] + "}");
        }

        @Test
        void paymentFailedAndRefundedAreOurs() {
            assertThat(EventBodies.encode(new PaymentFailed(ORDER, "c1", new BigDecimal("21.0"), "insufficient funds")))
                    .isEqualTo("{\"OrderID\":\"" + ORDER + "\",\"CustomerID\":\"c1\",\"Amount\":21,"
                            + "\"Reason\":\"insufficient funds\"}");
            assertThat(EventBodies.encode(new PaymentRefunded(ORDER, "c1", new BigDecimal("21.0"))))
                    .isEqualTo("{\"OrderID\":\"" + ORDER + "\",\"CustomerID\":\"c1\",\"Amount\":21}");
        }

        /** docs/contract.md, "What the original's services do on the wire": approved has an empty body (0 bytes). */
        @Test
        void approvedIsEmpty() {
            assertThat(EventBodies.encode(new Approved())).isEmpty();
        }

        @Test
        void theReasonEventsShareOneShape() {
            assertThat(EventBodies.encode(new OrderReason(ORDER, "cancelled by the customer")))
                    .isEqualTo("{\"OrderID\":\"" + ORDER + "\",\"Reason\":\"cancelled by the customer\"}");
            assertThat(EventBodies.encode(new OrderReason("o\"1", "caf\u00e9 \\ \n")))
                    .isEqualTo("{\"OrderID\":\"o\\\"1\",\"Reason\":\"caf\u00e9 \\\\ \\n\"}");
        }
    }

    /** The original's Go-shaped bodies, and ours, read back. */
    @Nested
    class Decoding {

        /** docs/contract.md, "What the original's services do on the wire": "amount":21, nanoseconds, a local offset. */
        @Test
        void readsTheOriginalsCreatedBody() {
            OrderCreated created = EventBodies.created(bytes("{\"order_id\":\"" + ORDER + "\",\"customer_id\":\"c1\","
                    + "\"status\":\"Pending\",\"created_on\":\"2026-12-04T21:27:05.123456789+01:00\","
                    + "\"restaurant_id\":\"r1\",\"amount\":21,"
                    + "\"order_items\":[{\"code\":\"p1\",\"name\":\"Pizza\",\"unit_price\":10.5,\"quantity\":2}]}"));
            assertThat(created.orderId()).isEqualTo(ORDER);
            assertThat(created.customerId()).isEqualTo("c1");
            assertThat(created.restaurantId()).isEqualTo("r1");
            assertThat(created.status()).isEqualTo("Pending");
            assertThat(created.createdOn()).isEqualTo(Instant.parse("2026-12-04T20:27:05.123456789Z"));
            assertThat(created.amount()).isEqualByComparingTo("21.0");
            assertThat(created.items()).containsExactly(new OrderCreated.Item("p1", "Pizza", new BigDecimal("10.5"), 2));
        }

        /** "amount" 21 (the original's float) and 21.0 (our decimal) are the same amount; as written is kept. */
        @Test
        void amountsAreReadExactlyAsWritten() {
            assertThat(EventBodies.created(bytes("{\"order_id\":\"o\",\"amount\":21}")).amount())
                    .isEqualByComparingTo("21.0").hasToString("21");
            assertThat(EventBodies.created(bytes("{\"order_id\":\"o\",\"amount\":21.0}")).amount())
                    .isEqualByComparingTo("21").hasToString("21.0");
            assertThat(EventBodies.paymentDebited(bytes("{\"OrderID\":\"o\",\"Amount\":10.10}")).amount())
                    .hasToString("10.10");
            assertThat(EventBodies.paymentDebited(bytes("{\"OrderID\":\"o\",\"Amount\":0.1}")).amount())
                    .isEqualTo(new BigDecimal("0.1"));
        }

        @Test
        void ourCreatedBodyReadsBackToTheSameRecord() {
            OrderCreated created = created(Instant.parse("2026-12-04T20:27:05.123456Z"));
            assertThat(EventBodies.created(bytes(EventBodies.encode(created)))).isEqualTo(created);
        }

        /** docs/contract.md, "NATS JetStream": the original's debit has no RestaurantID. */
        @Test
        void readsTheOriginalsPaymentDebitedWithoutRestaurant() {
            PaymentDebited debited = EventBodies.paymentDebited(
                    bytes("{\"OrderID\":\"" + ORDER + "\",\"CustomerID\":\"c1\",\"Amount\":21}"));
            assertThat(debited).isEqualTo(new PaymentDebited(ORDER, "c1", new BigDecimal("21"), null));
            assertThat(EventBodies.paymentDebited(bytes(EventBodies.encode(new PaymentDebited(ORDER, "c1",
                    new BigDecimal("21"), "r1"))))).isEqualTo(new PaymentDebited(ORDER, "c1", new BigDecimal("21"), "r1"));
        }

        /** docs/contract.md: approved has an empty body (0 bytes; NULL event_data reads as ""). */
        @Test
        void readsTheEmptyApprovedBody() {
            assertThat(EventBodies.decode(OrderEventKind.APPROVED, new byte[0])).isEqualTo(new Approved());
            assertThat(EventBodies.decode(OrderEventKind.APPROVED, "")).isEqualTo(new Approved());
            assertThat(EventBodies.decode(OrderEventKind.APPROVED, "{}")).isEqualTo(new Approved());
            assertThat(new Approved().orderId()).isNull();
        }

        @Test
        void eachKindDecodesToItsBody() {
            assertThat(EventBodies.decode(OrderEventKind.PAYMENT_FAILED,
                    "{\"OrderID\":\"o\",\"CustomerID\":\"c\",\"Amount\":5,\"Reason\":\"no\"}").reason()).isEqualTo("no");
            assertThat(EventBodies.decode(OrderEventKind.PAYMENT_REFUNDED, "{\"OrderID\":\"o\",\"CustomerID\":\"c\","
                    + "\"Amount\":5}")).isEqualTo(new PaymentRefunded("o", "c", new BigDecimal("5")));
            for (OrderEventKind kind : List.of(OrderEventKind.REVIEW_REJECTED, OrderEventKind.REFUND_REQUESTED,
                    OrderEventKind.CANCEL_REQUESTED, OrderEventKind.REJECTED, OrderEventKind.CANCELLED)) {
                assertThat(EventBodies.decode(kind, "{\"OrderID\":\"o\",\"Reason\":\"why\"}"))
                        .isEqualTo(new OrderReason("o", "why"));
            }
        }

        /** The contract grows by adding fields: a reader ignores what it does not know. */
        @Test
        void unknownFieldsAreIgnoredAndNullIsAbsent() {
            assertThat(EventBodies.paymentDebited(bytes("{\"OrderID\":\"o\",\"Amount\":1,\"Currency\":\"EUR\","
                    + "\"RestaurantID\":null}"))).isEqualTo(new PaymentDebited("o", null, BigDecimal.ONE, null));
        }
    }

    /** docs/contract.md, "A body that does not parse": malformed is poison, never a default. */
    @Nested
    class Malformed {

        @ParameterizedTest
        @ValueSource(strings = {
                "{not json",
                "[1]",
                "\"text\"",
                "{} {}",
                "{\"order_id\":1}",
                "{\"customer_id\":\"c1\"}",
                "{\"order_id\":\"o\",\"amount\":\"21\"}",
                "{\"order_id\":\"o\",\"restaurant_id\":7}",
                "{\"order_id\":\"o\",\"created_on\":\"yesterday\"}",
                "{\"order_id\":\"o\",\"order_items\":{}}",
                "{\"order_id\":\"o\",\"order_items\":[{\"code\":\"p1\",\"unit_price\":1,\"quantity\":1}]}",
                "{\"order_id\":\"o\",\"order_items\":[{\"code\":\"p1\",\"name\":\"n\",\"quantity\":1}]}",
                "{\"order_id\":\"o\",\"order_items\":[{\"code\":\"p1\",\"name\":\"n\",\"unit_price\":1,\"quantity\":2.5}]}",
                "{\"order_id\":\"o\",\"amount\":1,\"amount\":1000}",
                ""})
        void createdBodiesThatDoNotParseArePoison(String body) {
            assertThatThrownBy(() -> EventBodies.created(bytes(body)))
                    .isInstanceOf(MalformedEventException.class);
        }

        @ParameterizedTest
        @ValueSource(strings = {"{not json", "", "{\"OrderID\":5}", "{\"OrderID\":\"o\",\"Amount\":\"21\"}",
                "{\"OrderID\":\"o\",\"RestaurantID\":[]}", "{\"Amount\":1,\"Amount\":2}"})
        void paymentBodiesThatDoNotParseArePoison(String body) {
            assertThatThrownBy(() -> EventBodies.decode(OrderEventKind.PAYMENT_DEBITED, body))
                    .isInstanceOf(MalformedEventException.class);
        }

        @ParameterizedTest
        @ValueSource(strings = {"{not json", "", "null", "{\"OrderID\":\"o\",\"Reason\":3}"})
        void reasonBodiesThatDoNotParseArePoison(String body) {
            assertThatThrownBy(() -> EventBodies.decode(OrderEventKind.CANCELLED, body))
                    .isInstanceOf(MalformedEventException.class);
        }

        @Test
        void anApprovedBodyThatIsNotJsonIsPoison() {
            assertThatThrownBy(() -> EventBodies.decode(OrderEventKind.APPROVED, "nope"))
                    .isInstanceOf(MalformedEventException.class).hasMessageContaining("not JSON");
        }

        /** docs/contract.md, "The order an event belongs to". */
        @Test
        void aBodyAboutAnotherOrderThanItsEventIsPoison() {
            PaymentDebited body = new PaymentDebited("o1", "c", BigDecimal.ONE);
            assertThat(EventOrder.resolve("o1", body)).isEqualTo("o1");
            assertThat(EventOrder.resolve(null, body)).isEqualTo("o1");
            assertThat(EventOrder.resolve("o2", new Approved())).isEqualTo("o2");
            assertThat(EventOrder.resolve(null, new Approved())).isNull();
            assertThatThrownBy(() -> EventOrder.resolve("o2", body))
                    .isInstanceOf(MalformedEventException.class).hasMessageContaining("OrderID o1 differs");
            assertThatThrownBy(() -> EventOrder.resolve("o2", created(Instant.EPOCH)))
                    .isInstanceOf(MalformedEventException.class).hasMessageContaining("order_id");
        }
    }

    /** docs/contract.md, the "Our copy" note: event ids derived from the effect. */
    @Test
    void eventIdsAreTheNameBasedUuidOfEffectAndOrder() {
        assertThat(EventIds.of(OrderEventKind.CANCEL_REQUESTED, ORDER)).isEqualTo(UUID.nameUUIDFromBytes(
                ("cancelrequested:" + ORDER).getBytes(StandardCharsets.UTF_8)).toString());
        // Pinned: a changed id would store a retried effect twice.
        assertThat(EventIds.of(OrderEventKind.CREATED, "o1")).isEqualTo(
                UUID.nameUUIDFromBytes("created:o1".getBytes(StandardCharsets.UTF_8)).toString());
        assertThat(EventIds.of(OrderEventKind.PAYMENT_DEBITED, "o1"))
                .isNotEqualTo(EventIds.of(OrderEventKind.PAYMENT_DEBITED, "o2"))
                .isNotEqualTo(EventIds.of(OrderEventKind.PAYMENT_FAILED, "o1"));
    }

    @Test
    void causationIsTheReceivedEventsId() {
        assertThat(Causation.causationId("e1", "m1")).isEqualTo("e1");
        assertThat(Causation.causationId(" ", "m1")).isEqualTo("m1");
        assertThat(Causation.causationId(null, null)).isNull();
        assertThat(Causation.correlationId("o1")).isEqualTo("o1");
    }

    private static OrderCreated created(Instant createdOn) {
        return new OrderCreated("o1", "c1", "Pending", createdOn, "r1", new BigDecimal("31.50"),
                List.of(new OrderCreated.Item("p1", "Pizza", new BigDecimal("10.5"), 3)));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
