package io.eventstream.payment.jdbc;

import io.eventstream.payment.debit.DebitOutcome;
import io.eventstream.payment.debit.OrderToPay;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The debits of a batch, inside the caller's transaction, in a fixed number of statements
 * whatever the batch's size (the rows go as arrays, read back with {@code unnest}):
 * <ol>
 *   <li>open the new wallets with their credit and lock them all, in customer order, reading
 *       their balances (an upsert whose update changes nothing: it locks the existing rows and
 *       returns them, and a wallet opened at the same time by another delivery is waited for,
 *       never overwritten);</li>
 *   <li>decide each order here, in the given order, as the one-by-one statements would: debited
 *       when the balance covers the amount, else failed with the balance as the reason;</li>
 *   <li>write the new balances;</li>
 *   <li>insert the payment rows; one already there (a repeat, or another delivery won) inserts
 *       nothing and rolls the whole batch back with a {@link JdbcWallets.ConcurrentPaymentException}.</li>
 * </ol>
 */
final class BatchDebit {

    /** The balance's scale in the table (DECIMAL(14, 2)): a stored balance is rounded to it, as the database does. */
    private static final int BALANCE_SCALE = 2;

    private final JdbcClient jdbc;
    private final BigDecimal openingCredit;

    BatchDebit(JdbcClient jdbc, BigDecimal openingCredit) {
        this.jdbc = jdbc;
        this.openingCredit = openingCredit;
    }

    /**
     * @param byCustomer distinct orders, sorted by customer (stream order within a customer)
     * @param recorded   outcomes already recorded: those orders are answered, not debited
     * @return every order's outcome, by order id
     */
    Map<String, DebitOutcome> debit(List<OrderToPay> byCustomer, Map<String, DebitOutcome> recorded) {
        Map<String, DebitOutcome> outcomes = new HashMap<>(recorded);
        List<OrderToPay> pending = byCustomer.stream().filter(o -> !recorded.containsKey(o.orderId())).toList();
        if (pending.isEmpty()) {
            return outcomes;
        }
        Map<String, BigDecimal> balances = openAndLock(pending.stream().map(OrderToPay::customerId).distinct().toList());
        Map<String, BigDecimal> changed = new LinkedHashMap<>();
        List<DebitOutcome> decided = new ArrayList<>(pending.size());
        for (OrderToPay order : pending) {
            BigDecimal balance = balances.get(order.customerId());
            if (balance.compareTo(order.amount()) >= 0) {
                BigDecimal after = balance.subtract(order.amount()).setScale(BALANCE_SCALE, RoundingMode.HALF_UP);
                balances.put(order.customerId(), after);
                changed.put(order.customerId(), after);
                decided.add(new DebitOutcome(order.orderId(), order.customerId(), order.amount(), true, null));
            } else {
                String reason = "insufficient funds: the balance " + balance.toPlainString() + " does not cover "
                        + order.amount().toPlainString();
                decided.add(new DebitOutcome(order.orderId(), order.customerId(), order.amount(), false, reason));
            }
        }
        setBalances(changed);
        insertPayments(decided);
        decided.forEach(o -> outcomes.put(o.orderId(), o));
        return outcomes;
    }

    private Map<String, BigDecimal> openAndLock(List<String> customers) {
        Map<String, BigDecimal> balances = new HashMap<>();
        List<Map.Entry<String, BigDecimal>> rows = jdbc.sql("INSERT INTO wallets (customer_id, opening_credit, balance)"
                        + " SELECT w.customer_id, ?, ? FROM unnest(CAST(? AS TEXT[])) AS w(customer_id)"
                        + " ORDER BY w.customer_id"
                        + " ON CONFLICT (customer_id) DO UPDATE SET updated_at = wallets.updated_at"
                        + " RETURNING customer_id, balance")
                .param(openingCredit).param(openingCredit).param(customers.toArray(String[]::new))
                .query((rs, n) -> Map.entry(rs.getString(1), rs.getBigDecimal(2)))
                .list();
        rows.forEach(row -> balances.put(row.getKey(), row.getValue()));
        return balances;
    }

    private void setBalances(Map<String, BigDecimal> balances) {
        if (balances.isEmpty()) {
            return;
        }
        jdbc.sql("UPDATE wallets SET balance = CAST(v.balance AS DECIMAL), updated_at = now()"
                        + " FROM unnest(CAST(? AS TEXT[]), CAST(? AS TEXT[])) AS v(customer_id, balance)"
                        + " WHERE wallets.customer_id = v.customer_id")
                .param(balances.keySet().toArray(String[]::new))
                .param(balances.values().stream().map(BigDecimal::toPlainString).toArray(String[]::new))
                .update();
    }

    private void insertPayments(List<DebitOutcome> decided) {
        int inserted = jdbc.sql("INSERT INTO payments (order_id, kind, customer_id, amount, outcome, reason)"
                        + " SELECT p.order_id, 'debit', p.customer_id, CAST(p.amount AS DECIMAL), p.outcome, p.reason"
                        + " FROM unnest(CAST(? AS TEXT[]), CAST(? AS TEXT[]), CAST(? AS TEXT[]), CAST(? AS TEXT[]),"
                        + " CAST(? AS TEXT[])) AS p(order_id, customer_id, amount, outcome, reason)"
                        + " ON CONFLICT (order_id, kind) DO NOTHING")
                .param(decided.stream().map(DebitOutcome::orderId).toArray(String[]::new))
                .param(decided.stream().map(DebitOutcome::customerId).toArray(String[]::new))
                .param(decided.stream().map(o -> o.amount().toPlainString()).toArray(String[]::new))
                .param(decided.stream().map(o -> o.debited() ? "debited" : "failed").toArray(String[]::new))
                .param(decided.stream().map(DebitOutcome::reason).toArray(String[]::new))
                .update();
        if (inserted < decided.size()) {
            // Some order is recorded already: undo the batch; the next attempt reads the rows first.
            throw new JdbcWallets.ConcurrentPaymentException(inserted + " of " + decided.size() + " debits");
        }
    }
}
