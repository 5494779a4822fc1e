package io.eventstream.payment.jdbc;

import io.eventstream.common.events.PaymentRefunded;
import io.eventstream.common.sql.SqlRetry;
import io.eventstream.payment.debit.DebitOutcome;
import io.eventstream.payment.debit.OrderToPay;
import io.eventstream.payment.debit.WalletView;
import io.eventstream.payment.debit.Wallets;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The wallets in paymentsdb. Each debit or refund is one transaction that changes the balance
 * and inserts the order's payment row: a repeat (or a second delivery at the same time) finds
 * the row when it inserts it ({@code ON CONFLICT DO NOTHING} inserts nothing), so its
 * transaction is rolled back and retried, and then answers the first's outcome. Serialization failures (SQLSTATE 40001,
 * CockroachDB) and deadlocks are retried too, under common's one policy ({@link SqlRetry}); a batch that keeps
 * conflicting fails after it, and the consumer then debits its orders one by one. The statements are checked
 * against CockroachDB's restrictions by deploy-checks' CockroachDialectTest.
 *
 * <p>A batch ({@link #debitAll}) is one transaction of at most four statements, whatever its
 * size (see {@link BatchDebit}).
 */
public class JdbcWallets implements Wallets {

    /** A concurrent delivery's payment row, found by the insert, is a conflict like 40001: run again, then answer its outcome. */
    private static final SqlRetry RETRY = SqlRetry.alsoOn(ConcurrentPaymentException.class::isInstance);
    private static final String DEBIT = "debit";
    private static final String REFUND = "refund";

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final BigDecimal openingCredit;

    public JdbcWallets(JdbcClient jdbc, PlatformTransactionManager transactions, BigDecimal openingCredit) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.openingCredit = openingCredit;
    }

    /**
     * The first attempt debits straight away (a repeat is rare): if the order's row is already
     * there, its insert finds it, the transaction is rolled back, and the next attempt reads the
     * row first and answers it. So a debit is the debit statement, the row and the commit.
     */
    @Override
    public DebitOutcome debitOnce(OrderToPay order) {
        return retrying(attempt -> attempt == 1
                ? debit(order)
                : paymentRow(order.orderId(), DEBIT).orElseGet(() -> debit(order)));
    }

    /**
     * Like {@link #debitOnce}, optimistic: the first attempt debits straight away and a recorded
     * order is found when the rows are inserted; the next attempts read the batch's rows first
     * (one statement) and debit only the orders without one.
     */
    @Override
    public List<DebitOutcome> debitAll(List<OrderToPay> orders) {
        // The first of an order listed twice decides; the later one answers its outcome, as one by one.
        Map<String, OrderToPay> distinct = new LinkedHashMap<>();
        orders.forEach(order -> distinct.putIfAbsent(order.orderId(), order));
        // Wallets are touched in customer order, so two batches at once wait for each other instead
        // of deadlocking; the sort is stable: a customer's orders keep the stream order.
        List<OrderToPay> byCustomer = distinct.values().stream()
                .sorted(Comparator.comparing(OrderToPay::customerId)).toList();
        Map<String, DebitOutcome> outcomes = retrying(attempt -> {
            Map<String, DebitOutcome> recorded = attempt == 1 ? Map.of() : paymentRows(distinct.keySet());
            return new BatchDebit(jdbc, openingCredit).debit(byCustomer, recorded);
        });
        return orders.stream().map(order -> outcomes.get(order.orderId())).toList();
    }

    private DebitOutcome debit(OrderToPay order) {
        int debited;
        if (order.amount().compareTo(openingCredit) <= 0) {
            // Opens the wallet already debited, or debits it if it covers the amount: one statement.
            debited = jdbc.sql("INSERT INTO wallets (customer_id, opening_credit, balance) VALUES (?, ?, ?)"
                            + " ON CONFLICT (customer_id) DO UPDATE SET balance = wallets.balance - ?, updated_at = now()"
                            + " WHERE wallets.balance >= ?")
                    .params(order.customerId(), openingCredit, openingCredit.subtract(order.amount()), order.amount(),
                            order.amount())
                    .update();
        } else {
            // More than a new wallet holds: open it with its credit if new, then debit only if an
            // older wallet (opened with a larger credit) covers it.
            jdbc.sql("INSERT INTO wallets (customer_id, opening_credit, balance) VALUES (?, ?, ?)"
                            + " ON CONFLICT (customer_id) DO NOTHING")
                    .params(order.customerId(), openingCredit, openingCredit).update();
            debited = jdbc.sql("UPDATE wallets SET balance = balance - ?, updated_at = now()"
                            + " WHERE customer_id = ? AND balance >= ?")
                    .params(order.amount(), order.customerId(), order.amount()).update();
        }
        String reason = null;
        if (debited == 0) {
            BigDecimal balance = jdbc.sql("SELECT balance FROM wallets WHERE customer_id = ?")
                    .param(order.customerId()).query(BigDecimal.class).single();
            reason = "insufficient funds: the balance " + balance.toPlainString() + " does not cover "
                    + order.amount().toPlainString();
        }
        insertPayment(order.orderId(), DEBIT, order.customerId(), order.amount(), debited == 1 ? "debited" : "failed",
                reason);
        return new DebitOutcome(order.orderId(), order.customerId(), order.amount(), debited == 1, reason);
    }

    @Override
    public Optional<PaymentRefunded> refundOnce(String orderId) {
        return retrying(attempt -> {
            Optional<DebitOutcome> done = paymentRow(orderId, REFUND);
            if (done.isPresent()) {
                return done.map(JdbcWallets::asRefund);
            }
            Optional<DebitOutcome> debit = paymentRow(orderId, DEBIT).filter(DebitOutcome::debited);
            debit.ifPresent(d -> {
                insertPayment(orderId, REFUND, d.customerId(), d.amount(), "refunded", null);
                jdbc.sql("UPDATE wallets SET balance = balance + ?, updated_at = now() WHERE customer_id = ?")
                        .params(d.amount(), d.customerId()).update();
            });
            return debit.map(JdbcWallets::asRefund);
        });
    }

    @Override
    public WalletView wallet(String customerId) {
        return retrying(attempt -> {
            List<BigDecimal[]> wallet = jdbc.sql("SELECT opening_credit, balance FROM wallets WHERE customer_id = ?")
                    .param(customerId)
                    .query((rs, n) -> new BigDecimal[] {rs.getBigDecimal(1), rs.getBigDecimal(2)}).list();
            if (wallet.isEmpty()) {
                return new WalletView(customerId, openingCredit, openingCredit, BigDecimal.ZERO, BigDecimal.ZERO, false);
            }
            return new WalletView(customerId, wallet.get(0)[0], wallet.get(0)[1], sum(customerId, DEBIT, "debited"),
                    sum(customerId, REFUND, "refunded"), true);
        });
    }

    private BigDecimal sum(String customerId, String kind, String outcome) {
        return jdbc.sql("SELECT COALESCE(SUM(amount), 0) FROM payments WHERE customer_id = ? AND kind = ? AND outcome = ?")
                .params(customerId, kind, outcome).query(BigDecimal.class).single();
    }

    private Optional<DebitOutcome> paymentRow(String orderId, String kind) {
        return jdbc.sql("SELECT customer_id, amount, outcome, reason FROM payments WHERE order_id = ? AND kind = ?")
                .params(orderId, kind)
                .query((rs, n) -> new DebitOutcome(orderId, rs.getString(1), rs.getBigDecimal(2),
                        !"failed".equals(rs.getString(3)), rs.getString(4)))
                .optional();
    }

    /** The recorded debits of these orders, in one statement. */
    private Map<String, DebitOutcome> paymentRows(Collection<String> orderIds) {
        Map<String, DebitOutcome> rows = new HashMap<>();
        jdbc.sql("SELECT order_id, customer_id, amount, outcome, reason FROM payments"
                        + " WHERE kind = 'debit' AND order_id = ANY(CAST(? AS TEXT[]))")
                .param(orderIds.toArray(String[]::new))
                .query((rs, n) -> new DebitOutcome(rs.getString(1), rs.getString(2), rs.getBigDecimal(3),
                        !"failed".equals(rs.getString(4)), rs.getString(5)))
                .list()
                .forEach(row -> rows.put(row.orderId(), row));
        return rows;
    }

    private void insertPayment(String orderId, String kind, String customerId, BigDecimal amount, String outcome,
                               String reason) {
        int inserted = jdbc.sql("INSERT INTO payments (order_id, kind, customer_id, amount, outcome, reason)"
                        + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (order_id, kind) DO NOTHING")
                .params(orderId, kind, customerId, amount, outcome, reason).update();
        if (inserted == 0) {
            // Another delivery of this order committed first: undo ours and answer theirs.
            throw new ConcurrentPaymentException(orderId + " " + kind);
        }
    }

    private static PaymentRefunded asRefund(DebitOutcome row) {
        return new PaymentRefunded(row.orderId(), row.customerId(), row.amount());
    }

    /**
     * Runs the work in a transaction, again (told which attempt it is) after a conflict: 40001,
     * 40P01 (common's {@link SqlRetry}, the one policy), or a concurrent payment of the same order.
     */
    private <T> T retrying(IntFunction<T> work) {
        return RETRY.attempt(attempt -> tx.execute(status -> work.apply(attempt)));
    }

    /** Thrown inside the transaction to roll it back when a concurrent delivery won. */
    static final class ConcurrentPaymentException extends RuntimeException {
        ConcurrentPaymentException(String what) {
            super("concurrent payment of " + what);
        }
    }
}
