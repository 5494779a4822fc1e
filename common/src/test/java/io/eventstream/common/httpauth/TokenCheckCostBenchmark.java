package io.eventstream.common.httpauth;

import io.eventstream.common.jwt.JwtKeyFiles;
import io.eventstream.common.jwt.TokenMinter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Not a test (run it by name: {@code -Dtest=TokenCheckCostBenchmark}): the CPU of one token check,
 * Spring's RS256 decoder (the services' public-key-location) against a hit of {@link VerifiedTokenCache}.
 */
class TokenCheckCostBenchmark {

    @Test
    void cpuPerCheck() {
        KeyPair keys = JwtKeyFiles.generate();
        String token = new TokenMinter((RSAPrivateKey) keys.getPrivate(), Clock.systemUTC())
                .customer("c1", Duration.ofHours(1));
        JwtDecoder nimbus = NimbusJwtDecoder.withPublicKey((RSAPublicKey) keys.getPublic()).build();
        JwtDecoder cached = new VerifiedTokenCache(nimbus, 4096, Duration.ofMinutes(5), Clock.systemUTC());
        for (int round = 0; round < 3; round++) {
            System.out.printf("BENCH round %d: RS256 decode %.4f ms CPU, cache hit %.4f ms CPU%n", round,
                    cpuPerCall(nimbus, token, 5_000), cpuPerCall(cached, token, 5_000));
        }
    }

    private static double cpuPerCall(JwtDecoder decoder, String token, int calls) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < calls; i++) {
            decoder.decode(token);
        }
        return (threads.getCurrentThreadCpuTime() - before) / 1e6 / calls;
    }
}
