package io.eventstream.common.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The order a message without headers names: its bodies as the original sends them, in any casing its Go readers accept. */
class HeaderlessOrderIdTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theCreatedAndTheDebitNameTheirOrder() {
        assertThat(HeaderlessOrderId.of("ORDERS.created", null, bytes("{\"order_id\":\"o1\",\"customer_id\":\"c1\","
                + "\"amount\":21,\"order_items\":[{\"code\":\"p1\",\"name\":\"P\",\"unit_price\":10.5,\"quantity\":2}]}")))
                .isEqualTo("o1");
        assertThat(HeaderlessOrderId.of("ORDERS.paymentdebited", null,
                bytes("{\"OrderID\":\"o2\",\"CustomerID\":\"c1\",\"Amount\":21}"))).isEqualTo("o2");
    }

    @Test
    void aFieldNameInAnotherCasingNamesTheOrderAsTheOriginalsReadersFindIt() {
        assertThat(HeaderlessOrderId.of("ORDERS.paymentdebited", null,
                bytes("{\"orderId\":\"o3\",\"customerid\":\"c1\",\"amount\":21}"))).isEqualTo("o3");
        assertThat(HeaderlessOrderId.of("ORDERS.created", null, bytes("{\"ORDER_ID\":\"o4\",\"Customer_Id\":\"c1\","
                + "\"amount\":5,\"order_items\":[{\"code\":\"p1\",\"name\":\"P\",\"unit_price\":5,\"quantity\":1}]}")))
                .isEqualTo("o4");
    }

    @Test
    void approvedAnUnknownTypeAndABodyThatDoesNotParseNameNone() {
        assertThat(HeaderlessOrderId.of("ORDERS.approved", null, new byte[0])).isNull();
        assertThat(HeaderlessOrderId.of("ORDERS.somethingnew", null, bytes("{\"OrderID\":\"o\"}"))).isNull();
        assertThat(HeaderlessOrderId.of("ORDERS.created", null, bytes("not json"))).isNull();
        assertThat(HeaderlessOrderId.of("ORDERS.created", "not a version", bytes("{\"order_id\":\"o1\"}"))).isNull();
    }
}
