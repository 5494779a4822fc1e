package io.eventstream.bootstrapper;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jwt-keys} and {@code token}: the local issuer that ./suite uses. */
class JwtCommandsTest {

    @TempDir
    Path dir;

    @Test
    void keysAreCreatedOnceAndTokensVerifyWithThePublicKey() throws Exception {
        Path keys = dir.resolve("jwt");
        RunResult first = run("jwt-keys", "--dir", keys.toString());
        String privateKey = Files.readString(keys.resolve("private.pem"));
        RunResult second = run("jwt-keys", "--dir", keys.toString());

        assertThat(first.exitCode()).isZero();
        assertThat(first.out()).contains("created").doesNotContain("BEGIN");
        assertThat(second.out()).contains("already exist, kept");
        assertThat(Files.readString(keys.resolve("private.pem"))).isEqualTo(privateKey);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keys.resolve("private.pem"))))
                .isEqualTo("rw-------");

        String key = keys.resolve("private.pem").toString();
        SignedJWT customer = SignedJWT.parse(run("token", "c1", "--key", key).out().trim());
        SignedJWT operator = SignedJWT.parse(run("token", "--operator", "--ttl", "30m", "--key", key).out().trim());

        RSASSAVerifier verifier = new RSASSAVerifier(publicKey(keys.resolve("public.pem")));
        assertThat(customer.verify(verifier)).isTrue();
        assertThat(operator.verify(verifier)).isTrue();
        assertThat(customer.getHeader().getAlgorithm().getName()).isEqualTo("RS256");
        assertThat(customer.getJWTClaimsSet().getSubject()).isEqualTo("c1");
        assertThat(customer.getJWTClaimsSet().getClaim("roles")).isNull();
        assertThat(customer.getJWTClaimsSet().getExpirationTime()).isAfter(new Date());
        assertThat(operator.getJWTClaimsSet().getStringListClaim("roles")).isEqualTo(List.of("operator"));
    }

    @Test
    void halfAPairIsNotReplacedAndMistakesAreUsageErrors() throws Exception {
        Files.writeString(dir.resolve("public.pem"), "x");
        assertThat(run("jwt-keys", "--dir", dir.toString()).exitCode()).isEqualTo(Bootstrapper.FAILED);
        assertThat(Files.exists(dir.resolve("private.pem"))).isFalse();

        assertThat(run("token", "--key", dir.resolve("nope.pem").toString(), "c1").exitCode())
                .isEqualTo(Bootstrapper.FAILED);
        assertThat(run("token").exitCode()).isEqualTo(Bootstrapper.USAGE);
        assertThat(run("token", "c1", "--operator").exitCode()).isEqualTo(Bootstrapper.USAGE);
        assertThat(run("token", "c1", "--ttl", "forever").exitCode()).isEqualTo(Bootstrapper.USAGE);
    }

    private static RSAPublicKey publicKey(Path pem) throws Exception {
        String text = Files.readString(pem).replace("-----BEGIN PUBLIC KEY-----", "")
                .replace("-----END PUBLIC KEY-----", "");
        return (RSAPublicKey) KeyFactory.getInstance("RSA")
                .generatePublic(new X509EncodedKeySpec(Base64.getMimeDecoder().decode(text.strip())));
    }

    private RunResult run(String... args) {
        return RunResult.inProcess(Map.of(JwtCommands.DIR_ENV, dir.toString()), args);
    }
}
