package io.eventstream.payment.http;

import io.eventstream.common.httpauth.Callers;
import io.eventstream.payment.debit.WalletView;
import io.eventstream.payment.debit.Wallets;
import java.math.BigDecimal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/wallets/{customerId}}: a customer's balance and the sums that explain it; only
 * the customer's own (their token's customer) or an operator's: 403 problem otherwise (common's httpauth).
 */
@RestController
public class WalletController {

    private final Wallets wallets;
    private final Callers callers;

    public WalletController(Wallets wallets, Callers callers) {
        this.wallets = wallets;
        this.callers = callers;
    }

    @GetMapping("/api/wallets/{customerId}")
    public WalletJson wallet(@PathVariable String customerId) {
        callers.current().requireActFor(customerId);
        return WalletJson.from(wallets.wallet(customerId));
    }

    /** snake_case like the order API; amounts as exact decimals. */
    public record WalletJson(String customer_id, BigDecimal opening_credit, BigDecimal debited, BigDecimal refunded,
                             BigDecimal balance, boolean opened) {

        static WalletJson from(WalletView w) {
            return new WalletJson(w.customerId(), w.openingCredit(), w.debited(), w.refunded(), w.balance(), w.opened());
        }
    }
}
