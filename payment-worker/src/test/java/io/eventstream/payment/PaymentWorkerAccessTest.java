package io.eventstream.payment;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventstream.common.testing.TestTokens;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Who sees what on the payment worker's HTTP side: health details only to an operator, a wallet only
 * to its owner and an operator, every refusal a counted 401/403 problem.
 */
class PaymentWorkerAccessTest extends PaymentWorkerFixture {

    @Test
    void healthShowsNatsAndTheConsumerToAnOperator() throws Exception {
        HttpResponse<String> response = get("/actuator/health", TestTokens.operator());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"nats\"", "\"consumer\"", "payment-worker").doesNotContain("DOWN");

        HttpResponse<String> open = get("/actuator/health", null);
        assertThat(open.statusCode()).isEqualTo(200);
        assertThat(open.body()).contains("\"status\":\"UP\"").doesNotContain("nats", "consumer");
    }

    /**
     * People see only their own wallet: another customer's token, a forged, an expired, an unsigned
     * one and none are refused with a 401/403 problem, the wallet unchanged, the refusals counted.
     */
    @Test
    void onlyTheOwnerAndAnOperatorReadAWallet() throws Exception {
        String owner = "owner-" + UUID.randomUUID();
        String before = wallet(owner);

        assertRefused(get("/api/wallets/" + owner, TestTokens.customer("other-" + UUID.randomUUID())), 403);
        for (String token : new String[] {null, TestTokens.forged(owner), TestTokens.expired(owner),
                TestTokens.unsigned(owner)}) {
            assertRefused(get("/api/wallets/" + owner, token), 401);
        }
        assertRefused(get("/actuator/prometheus", TestTokens.customer(owner)), 403);
        assertRefused(get("/actuator/prometheus", null), 401);

        assertThat(get("/api/wallets/" + owner, TestTokens.operator()).body()).isEqualTo(before);
        assertThat(wallet(owner)).isEqualTo(before);
        for (String reason : List.of("other-customer", "missing-token", "invalid-token", "expired-token",
                "not-operator")) {
            assertThat(meters.find("eventstream.security.refusals").tags("layer", "http", "reason", reason)
                    .counter()).as(reason).isNotNull().satisfies(c -> assertThat(c.count()).isPositive());
        }
    }

    private static void assertRefused(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/problem+json"));
    }
}
