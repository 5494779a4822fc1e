package io.eventstream.saga.rebuild;

import java.math.BigDecimal;
import java.util.Map;

/** sagadb as {@link SagaCheck} compares it: every order's row and recorded steps. */
public interface SagaRows {

    /** An order's saga_orders row: what the saga derived. */
    record OrderRow(String state, String reason, String customerId, BigDecimal amount, long lastVersion) {
    }

    /** A recorded step: the event's kind (null: a type the saga does not know), its reason, customer, amount. */
    record StepRow(String kind, String reason, String customerId, BigDecimal amount) {
    }

    Map<String, OrderRow> orders();

    /** Per order, its steps by version. */
    Map<String, Map<Long, StepRow>> steps();
}
