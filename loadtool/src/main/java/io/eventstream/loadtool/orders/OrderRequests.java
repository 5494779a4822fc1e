package io.eventstream.loadtool.orders;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Order bodies like the contract's: one to three items, 20 restaurants, and customers of this
 * run only (named after a tag drawn when the tool starts), taken in turn. Every wallet opens with
 * a credit (1000.00 by default) and an order costs about 50 (at most 180), so customers shared
 * across runs would soon be out of money: every later order would end Rejected after a failed
 * payment and the benchmark would measure the short path instead of the orders that are debited,
 * reviewed and approved.
 *
 * <p>How many customers: one per {@value #ORDERS_PER_CUSTOMER} orders of the run (so a wallet
 * pays about 500 of its 1000), at least {@value #MIN_CUSTOMERS} (more than the clients in flight,
 * so two orders of one customer rarely overlap) unless the run has fewer orders. Not more: each
 * customer's token is an RSA signature, about 9 ms of the tool's CPU under C1, and with a
 * thousand customers for every run the signing was most of the tool's CPU per order.
 */
final class OrderRequests {

    static final int ORDERS_PER_CUSTOMER = 10;
    static final int MIN_CUSTOMERS = 64;
    private static final String RUN = Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36 * 36 * 36), 36);
    private static final String[] FOODS = {"Pizza", "Pasta", "Salad", "Soup", "Curry", "Burger"};

    /**
     * {@code customer}: who places it, and whose token goes with it. {@code idempotencyKey}: unique
     * in the run, sent as {@code Idempotency-Key}, so that sending the request again (PlainHttp does
     * once, on a kept-alive connection found closed) can never place a second order: the service
     * answers the first one (order-service README, "Idempotency-Key"; it costs no table there).
     */
    record Request(String json, String customer, BigDecimal amount, int items, String idempotencyKey) {
    }

    private final List<String> customers;
    private final AtomicLong next = new AtomicLong();

    /** For a run that posts {@code totalOrders} orders in all (its warm-up included). */
    OrderRequests(long totalOrders) {
        int count = (int) Math.max(1, Math.min(totalOrders,
                Math.max(MIN_CUSTOMERS, (totalOrders + ORDERS_PER_CUSTOMER - 1) / ORDERS_PER_CUSTOMER)));
        List<String> names = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            names.add("load-" + RUN + "-customer-" + i);
        }
        this.customers = List.copyOf(names);
    }

    List<String> customers() {
        return customers;
    }

    Request next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int items = 1 + random.nextInt(3);
        long n = next.getAndIncrement();
        String customer = customers.get((int) (n % customers.size()));
        StringBuilder json = new StringBuilder(256)
                .append("{\"customer_id\":\"").append(customer)
                .append("\",\"restaurant_id\":\"load-restaurant-").append(random.nextInt(20))
                .append("\",\"order_items\":[");
        BigDecimal amount = BigDecimal.ZERO;
        for (int i = 0; i < items; i++) {
            int food = random.nextInt(FOODS.length);
            BigDecimal price = BigDecimal.valueOf(500 + random.nextInt(1500), 2);
            int quantity = 1 + random.nextInt(3);
            amount = amount.add(price.multiply(BigDecimal.valueOf(quantity)));
            if (i > 0) {
                json.append(',');
            }
            json.append("{\"code\":\"p").append(food).append("\",\"name\":\"").append(FOODS[food])
                    .append("\",\"unit_price\":").append(price.toPlainString())
                    .append(",\"quantity\":").append(quantity).append('}');
        }
        json.append("]}");
        return new Request(json.toString(), customer, amount, items, "load-" + RUN + "-" + n);
    }
}
