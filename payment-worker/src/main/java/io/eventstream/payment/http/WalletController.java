package io.eventstream.payment.http;

import io.eventstream.payment.debit.WalletView;
import io.eventstream.payment.debit.Wallets;
import java.math.BigDecimal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/wallets/{customerId}}: a customer's balance and the sums that explain it. */
@RestController
public class WalletController {

    private final Wallets wallets;

    public WalletController(Wallets wallets) {
        this.wallets = wallets;
    }

    @GetMapping("/api/wallets/{customerId}")
    public WalletJson wallet(@PathVariable String customerId) {
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
