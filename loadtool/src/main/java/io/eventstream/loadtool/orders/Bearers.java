package io.eventstream.loadtool.orders;

import io.eventstream.common.jwt.JwtKeyFiles;
import io.eventstream.common.jwt.TokenMinter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code Authorization} header of each customer the load posts for: a token of that customer,
 * signed with the suite's private key ({@code --token-key}, by default the one {@code ./suite up}
 * made), minted once per customer, as a real client would hold its own token. Without the key file
 * the orders go without a token, which only a service with the check off accepts.
 *
 * <p>The run's customers are known before it starts, so their tokens are minted then
 * ({@link #mintAll}): each is an RSA private-key operation, and minting them on first use put
 * that CPU inside the measured load, on the same two cores as the services.
 */
final class Bearers {

    private static final Duration TTL = Duration.ofHours(12);

    private final TokenMinter minter;
    private final Map<String, String> headers = new ConcurrentHashMap<>();

    private Bearers(TokenMinter minter) {
        this.minter = minter;
    }

    static Bearers from(Path privateKey) throws IOException {
        if (!Files.exists(privateKey)) {
            System.err.println("loadtool: no token key at " + privateKey + ": posting without a bearer token "
                    + "(accepted only with eventstream.http-auth.enabled=false)");
            return new Bearers(null);
        }
        return new Bearers(new TokenMinter(JwtKeyFiles.readPrivate(privateKey), Clock.systemUTC()));
    }

    /** Mints the tokens of these customers now (see the class comment). */
    void mintAll(Iterable<String> customerIds) {
        for (String customer : customerIds) {
            header(customer);
        }
    }

    /** {@code Bearer <token>} of the customer, or null without a key. */
    String header(String customerId) {
        if (minter == null) {
            return null;
        }
        return headers.computeIfAbsent(customerId, c -> "Bearer " + minter.customer(c, TTL));
    }
}
