package io.eventstream.payment.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventstream.payment.debit.InvalidOrderException;
import io.eventstream.payment.debit.PaymentDebited;
import io.eventstream.payment.messaging.CreatedOrderJson;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PaymentJsonTest {

    @Test
    void rendersGoFieldNamesAndAmountsLikeGoFloats() {
        assertThat(render("21.00")).isEqualTo("{\"OrderID\":\"o1\",\"CustomerID\":\"c\\\"1\",\"Amount\":21}");
        assertThat(render("21.50")).endsWith("\"Amount\":21.5}");
        assertThat(render("1000")).endsWith("\"Amount\":1000}");
        assertThat(render("0.10")).endsWith("\"Amount\":0.1}");
        assertThat(render("0")).endsWith("\"Amount\":0}");
    }

    @Test
    void aDebitCarriesTheOrdersRestaurantAfterTheOriginalsFields() {
        assertThat(PaymentJson.render(new PaymentDebited("o1", "c1", new BigDecimal("21.00"), "r7")))
                .isEqualTo("{\"OrderID\":\"o1\",\"CustomerID\":\"c1\",\"Amount\":21,\"RestaurantID\":\"r7\"}");
        assertThat(CreatedOrderJson.parse(bytes("{\"order_id\":\"o1\",\"customer_id\":\"c1\",\"restaurant_id\":\"r7\","
                + "\"amount\":1}")).restaurantId()).isEqualTo("r7");
        assertThat(CreatedOrderJson.parse(bytes("{\"order_id\":\"o1\",\"customer_id\":\"c1\",\"amount\":1}"))
                .restaurantId()).isNull();
    }

    @Test
    void readsTheAmountOfACreatedOrderExactly() {
        var order = CreatedOrderJson.parse(bytes("{\"order_id\":\"o1\",\"customer_id\":\"c1\",\"amount\":10.10}"));
        assertThat(order.amount()).isEqualByComparingTo("10.10");
        assertThat(order.orderId()).isEqualTo("o1");
        assertThat(order.customerId()).isEqualTo("c1");
    }

    @Test
    void rejectsBodiesThatAreNoOrder() {
        assertThatThrownBy(() -> CreatedOrderJson.parse(bytes("nope"))).isInstanceOf(InvalidOrderException.class);
        assertThatThrownBy(() -> CreatedOrderJson.parse(bytes("[1]"))).isInstanceOf(InvalidOrderException.class);
        assertThatThrownBy(() -> CreatedOrderJson.parse(bytes("{\"order_id\":1}")))
                .isInstanceOf(InvalidOrderException.class);
        assertThatThrownBy(() -> CreatedOrderJson.parse(bytes("{\"order_id\":\"o\",\"amount\":\"5\"}")))
                .isInstanceOf(InvalidOrderException.class);
        assertThatThrownBy(() -> CreatedOrderJson.parse(bytes("{} {}"))).isInstanceOf(InvalidOrderException.class);
    }

    private static String render(String amount) {
        return PaymentJson.render(new PaymentDebited("o1", "c\"1", new BigDecimal(amount)));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
