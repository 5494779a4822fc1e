package io.eventstream.loadtool.orders;

import java.math.BigDecimal;
import java.util.concurrent.ThreadLocalRandom;

/** Order bodies like the contract's: a few customers and restaurants, one to three items. */
final class OrderRequests {

    record Request(String json, BigDecimal amount, int items) {
    }

    private static final String[] FOODS = {"Pizza", "Pasta", "Salad", "Soup", "Curry", "Burger"};

    static Request next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int items = 1 + random.nextInt(3);
        StringBuilder json = new StringBuilder(256)
                .append("{\"customer_id\":\"load-customer-").append(random.nextInt(100))
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
        return new Request(json.toString(), amount, items);
    }

    private OrderRequests() {
    }
}
