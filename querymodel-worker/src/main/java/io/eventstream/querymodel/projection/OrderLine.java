package io.eventstream.querymodel.projection;

import java.math.BigDecimal;

/** One item of an order. */
public record OrderLine(String code, String name, BigDecimal unitPrice, int quantity) {
}
