package io.eventstream.loadtool.orders;

import java.math.BigDecimal;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Order bodies like the contract's: one to three items, 20 restaurants, and customers of this
 * run only ({@value #CUSTOMERS} of them, named after a tag drawn when the tool starts). Every
 * wallet opens with a credit (1000.00 by default) and an order costs about 50, so customers
 * shared across runs would soon be out of money: every later order would end Rejected after a
 * failed payment and the benchmark would measure the short path instead of the orders that are
 * debited, reviewed and approved. Runs of up to about 20,000 orders (20 per customer) end Approved.
 */
final class OrderRequests {

    static final int CUSTOMERS = 1000;
    private static final String RUN = Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36 * 36 * 36), 36);

    /** {@code customer}: who places it, and whose token goes with it. */
    record Request(String json, String customer, BigDecimal amount, int items) {
    }

    private static final String[] FOODS = {"Pizza", "Pasta", "Salad", "Soup", "Curry", "Burger"};

    static Request next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int items = 1 + random.nextInt(3);
        String customer = "load-" + RUN + "-customer-" + random.nextInt(CUSTOMERS);
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
        return new Request(json.toString(), customer, amount, items);
    }

    private OrderRequests() {
    }
}
