package io.eventstream.loadtool.orders;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OrderRequestsTest {

    @Test
    void aRunHasOneCustomerPerTenOrdersAndNoCustomerGetsMore() {
        OrderRequests requests = new OrderRequests(3300);
        assertThat(requests.customers()).hasSize(330).doesNotHaveDuplicates();
        Map<String, Integer> perCustomer = new HashMap<>();
        for (int i = 0; i < 3300; i++) {
            perCustomer.merge(requests.next().customer(), 1, Integer::sum);
        }
        assertThat(perCustomer).hasSize(330);
        assertThat(perCustomer.values()).allMatch(n -> n == OrderRequests.ORDERS_PER_CUSTOMER);
    }

    @Test
    void smallRunsKeepEnoughCustomersThatConcurrentOrdersRarelyShareOne() {
        assertThat(new OrderRequests(500).customers()).hasSize(OrderRequests.MIN_CUSTOMERS);
        assertThat(new OrderRequests(20).customers()).hasSize(20);
        assertThat(new OrderRequests(0).customers()).hasSize(1);
    }

    @Test
    void theBodyCarriesTheCustomerAndTheAmountItWasBuiltWith() {
        OrderRequests.Request r = new OrderRequests(100).next();
        assertThat(r.json()).startsWith("{\"customer_id\":\"" + r.customer() + "\"");
        assertThat(r.items()).isBetween(1, 3);
        assertThat(r.amount().signum()).isPositive();
        assertThat(r.json().split("\"unit_price\"")).hasSize(r.items() + 1);
    }
}
