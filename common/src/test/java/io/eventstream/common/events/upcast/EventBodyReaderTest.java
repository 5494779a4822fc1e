package io.eventstream.common.events.upcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventstream.common.events.Approved;
import io.eventstream.common.events.MalformedEventException;
import io.eventstream.common.events.OrderCreated;
import io.eventstream.common.events.OrderEventKind;
import io.eventstream.common.events.OrderEventTypes;
import io.eventstream.common.events.OrderReason;
import io.eventstream.common.events.PaymentDebited;
import io.eventstream.common.events.json.EventBodies;
import io.eventstream.common.eventstore.OrderEvents;
import io.eventstream.proto.eventstore.Event;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every body the original wrote (docs/contract.md, "What the original's services do on the wire")
 * and every body of ours from before schema versions reads as the record our current writer
 * would have written for the same order: the upcasting table of docs/contract.md, row by row.
 */
class EventBodyReaderTest {

    private static final String ORDER = "6f1c2b0e-3c1a-4f0e-9a51-1d2f3e4a5b6c";
    private static final String NO_VERSION = null;
    private static final String CURRENT = SchemaVersions.currentText(OrderEventKind.CREATED);

    /** What order-service writes for 2 x 10.5 placed at 20:27:05.123456Z. */
    private static final OrderCreated OURS = new OrderCreated(ORDER, "c1", "Pending",
            Instant.parse("2026-12-04T20:27:05.123456Z"), "r1", new BigDecimal("21.0"),
            List.of(new OrderCreated.Item("p1", "Pizza", new BigDecimal("10.5"), 2)));

    @Test
    void theOriginalsCreatedBodyReadsAsOurs() {
        String original = "{\"order_id\":\"" + ORDER + "\",\"customer_id\":\"c1\",\"status\":\"Pending\","
                + "\"created_on\":\"2026-12-04T21:27:05.123456389+01:00\",\"restaurant_id\":\"r1\",\"amount\":21,"
                + "\"order_items\":[{\"code\":\"p1\",\"name\":\"Pizza\",\"unit_price\":10.5,\"quantity\":2}]}";
        assertThat(EventBodyReader.created(NO_VERSION, original)).isEqualTo(OURS);
    }

    /** PostgreSQL's JSONB (the adopted log's payload) orders keys by length, then bytes. */
    @Test
    void theOriginalsCreatedBodyAsJsonbKeepsItReadsAsOurs() {
        String jsonb = "{\"amount\": 21, \"status\": \"Pending\", \"order_id\": \"" + ORDER + "\", \"created_on\":"
                + " \"2026-12-04T20:27:05.123456Z\", \"customer_id\": \"c1\", \"order_items\": [{\"code\": \"p1\","
                + " \"name\": \"Pizza\", \"quantity\": 2, \"unit_price\": 10.5}], \"restaurant_id\": \"r1\"}";
        assertThat(EventBodyReader.created(NO_VERSION, jsonb)).isEqualTo(OURS);
    }

    /** PostgreSQL rounds a finer time to the microsecond (half to even), and so do we. */
    @Test
    void nanosecondsAreRoundedToTheMicrosecondAsTheDatabasesDo() {
        assertThat(OriginalBodies.toMicros(Instant.parse("2026-11-20T10:15:30.123456789Z")))
                .isEqualTo(Instant.parse("2026-11-20T10:15:30.123457Z"));
        assertThat(OriginalBodies.toMicros(Instant.parse("2026-11-20T10:15:30.999999501Z")))
                .isEqualTo(Instant.parse("2026-11-20T10:15:31Z"));
        assertThat(OriginalBodies.toMicros(Instant.parse("2026-11-20T10:15:30.123456500Z")))
                .isEqualTo(Instant.parse("2026-11-20T10:15:30.123456Z"));
    }

    @Test
    void aFloatSumOfTheLinesBecomesTheExactSum() {
        OrderCreated read = EventBodyReader.created(NO_VERSION, "{\"order_id\":\"" + ORDER + "\",\"amount\":0.30000000000000004,"
                + "\"order_items\":[{\"code\":\"a\",\"name\":\"A\",\"unit_price\":0.1,\"quantity\":1},"
                + "{\"code\":\"b\",\"name\":\"B\",\"unit_price\":0.2,\"quantity\":1}]}");
        assertThat(read.amount()).isEqualTo(new BigDecimal("0.3"));
    }

    @Test
    void anAmountTheLinesDoNotExplainIsKeptAsWritten() {
        OrderCreated read = EventBodyReader.created(NO_VERSION, "{\"order_id\":\"" + ORDER + "\",\"amount\":25,"
                + "\"order_items\":[{\"code\":\"p1\",\"name\":\"Pizza\",\"unit_price\":10.5,\"quantity\":2}]}");
        assertThat(read.amount()).isEqualTo(new BigDecimal("25"));
    }

    @Test
    void theOriginalsDebitHasNoRestaurant() {
        assertThat(EventBodyReader.read(OrderEventKind.PAYMENT_DEBITED, NO_VERSION,
                "{\"OrderID\":\"" + ORDER + "\",\"CustomerID\":\"c1\",\"Amount\":21}"))
                .isEqualTo(new PaymentDebited(ORDER, "c1", new BigDecimal("21"), null));
    }

    /** Go's encoding/json matches names in any casing; so do we for the original's bodies. */
    @Test
    void fieldNamesInAnotherCasingReadAsGoReadsThem() {
        assertThat(EventBodyReader.read(OrderEventKind.PAYMENT_DEBITED, NO_VERSION,
                "{\"orderId\":\"" + ORDER + "\",\"customerid\":\"c1\",\"AMOUNT\":21}"))
                .isEqualTo(new PaymentDebited(ORDER, "c1", new BigDecimal("21"), null));
        assertThat(EventBodyReader.read(OrderEventKind.CANCELLED, NO_VERSION, "{\"orderID\":\"" + ORDER + "\",\"reason\":\"x\"}"))
                .isEqualTo(new OrderReason(ORDER, "x"));
        assertThat(EventBodyReader.created(NO_VERSION, "{\"Order_Id\":\"" + ORDER + "\",\"Order_Items\":[{\"Code\":\"p1\","
                + "\"NAME\":\"Pizza\",\"Unit_Price\":10.5,\"Quantity\":2}]}").items())
                .containsExactly(new OrderCreated.Item("p1", "Pizza", new BigDecimal("10.5"), 2));
    }

    @Test
    void twoSpellingsOfOneFieldAreMalformed() {
        assertThatThrownBy(() -> EventBodyReader.read(OrderEventKind.PAYMENT_DEBITED, NO_VERSION,
                "{\"orderid\":\"a\",\"orderId\":\"b\",\"Amount\":1}"))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("OrderID twice");
    }

    /** Our current bodies are read as written: names are exact, no casing is guessed. */
    @Test
    void aCurrentBodyIsNotUpcast() {
        assertThat(EventBodyReader.read(OrderEventKind.PAYMENT_DEBITED, CURRENT,
                "{\"orderId\":\"" + ORDER + "\",\"CustomerID\":\"c1\",\"Amount\":21}").orderId()).isNull();
        assertThat(EventBodyReader.created(CURRENT, EventBodies.encode(OURS))).isEqualTo(OURS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "null", "{}", "{\"OrderID\":\"x\"}"})
    void theOriginalsApprovalReadsAsOurs(String body) {
        assertThat(EventBodyReader.read(OrderEventKind.APPROVED, NO_VERSION, body)).isEqualTo(new Approved());
    }

    /** Ours before versions existed carry no version: the upcast leaves them as they were. */
    @Test
    void ourBodiesWithoutAVersionReadTheSame() {
        for (OrderEventKind kind : OrderEventKind.values()) {
            var body = switch (kind) {
                case CREATED -> OURS;
                case PAYMENT_DEBITED -> new PaymentDebited(ORDER, "c1", new BigDecimal("21.0"), "r1");
                case PAYMENT_FAILED -> new io.eventstream.common.events.PaymentFailed(ORDER, "c1", new BigDecimal("21"), "no");
                case PAYMENT_REFUNDED -> new io.eventstream.common.events.PaymentRefunded(ORDER, "c1", new BigDecimal("21"));
                case APPROVED -> new Approved();
                default -> new OrderReason(ORDER, "why");
            };
            String encoded = EventBodies.encode(body);
            assertThat(EventBodyReader.read(kind, NO_VERSION, encoded)).as(kind.name())
                    .isEqualTo(EventBodyReader.read(kind, CURRENT, encoded));
        }
    }

    @Test
    void aVersionThatIsNoNumberIsMalformedAndANewerOneReadsAsCurrent() {
        String body = EventBodies.encode(OURS);
        assertThatThrownBy(() -> EventBodyReader.created("two", body)).isInstanceOf(MalformedEventException.class);
        assertThatThrownBy(() -> EventBodyReader.created("0", body)).isInstanceOf(MalformedEventException.class);
        assertThat(EventBodyReader.created("99", body)).isEqualTo(OURS);
    }

    @Test
    void aBodyThatIsNoJsonIsStillMalformed() {
        assertThatThrownBy(() -> EventBodyReader.created(NO_VERSION, "{\"order_id\":")).isInstanceOf(MalformedEventException.class);
        assertThatThrownBy(() -> EventBodyReader.read(OrderEventKind.APPROVED, NO_VERSION, "nope"))
                .isInstanceOf(MalformedEventException.class);
    }

    @Test
    void everyWriterStampsTheCurrentVersionAndAStoredEventIsReadByIt() {
        Event event = OrderEvents.of(new OrderEventTypes("ORDERS"), OrderEventKind.CREATED, ORDER, OURS, null);
        assertThat(event.getMetadataMap()).containsEntry(SchemaVersions.KEY, "2");
        assertThat(OrderEvents.created(event)).isEqualTo(OURS);
        Event original = event.toBuilder().removeMetadata(SchemaVersions.KEY)
                .setEventData(event.getEventData().replace("21.0", "21")).build();
        assertThat(OrderEvents.created(original)).isEqualTo(OURS);
    }
}
