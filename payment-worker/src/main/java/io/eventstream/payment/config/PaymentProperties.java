package io.eventstream.payment.config;

import java.math.BigDecimal;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param openingCredit what a wallet holds when it opens, at the customer's first order (default 1000.00)
 */
@ConfigurationProperties("eventstream.payment")
public record PaymentProperties(BigDecimal openingCredit) {

    public PaymentProperties {
        openingCredit = openingCredit == null ? new BigDecimal("1000.00") : openingCredit;
        if (openingCredit.signum() < 0) {
            throw new IllegalArgumentException("eventstream.payment.opening-credit must not be negative");
        }
    }
}
