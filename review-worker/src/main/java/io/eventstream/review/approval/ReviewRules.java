package io.eventstream.review.approval;

import java.math.BigDecimal;
import java.util.Set;

/**
 * The rules a paid order must pass: its restaurant is not closed, and its amount is not above
 * the review limit (none by default). Everything else is approved.
 */
public record ReviewRules(Set<String> closedRestaurants, BigDecimal reviewLimit) {

    public ReviewRules {
        closedRestaurants = Set.copyOf(closedRestaurants);
    }

    public Verdict judge(OrderUnderReview order) {
        if (order.restaurantId() != null && closedRestaurants.contains(order.restaurantId())) {
            return Verdict.reject("restaurant " + order.restaurantId() + " is closed");
        }
        if (reviewLimit != null && order.amount() != null && order.amount().compareTo(reviewLimit) > 0) {
            // Without trailing zeros: the same text whether the amount came from the order or the payment.
            return Verdict.reject("amount " + order.amount().stripTrailingZeros().toPlainString()
                    + " is above the review limit "
                    + reviewLimit.toPlainString());
        }
        return Verdict.approve();
    }
}
