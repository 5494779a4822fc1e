package io.eventstream.orders.order;

import java.math.BigDecimal;
import java.util.Objects;

/** One line of an order. Money is a {@link BigDecimal}: a float would round cents away. */
public record OrderItem(String code, String name, BigDecimal unitPrice, int quantity) {

    public OrderItem {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(unitPrice, "unitPrice");
        // 1E+2 is a valid JSON number but a poor one to hand to other workers: write it as 100.
        if (unitPrice.scale() < 0) {
            unitPrice = unitPrice.setScale(0);
        }
    }

    public BigDecimal lineTotal() {
        return unitPrice.multiply(BigDecimal.valueOf(quantity));
    }

    /** Same line, comparing prices by value so 10.5 equals 10.50. */
    public boolean sameAs(OrderItem other) {
        return code.equals(other.code) && name.equals(other.name)
                && unitPrice.compareTo(other.unitPrice) == 0 && quantity == other.quantity;
    }
}
