package io.eventstream.bootstrapper;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
        Result first = run("jwt-keys", "--dir", keys.toString());
        String privateKey = Files.readString(keys.resolve("private.pem"));
        Result second = run("jwt-keys", "--dir", keys.toString());

        assertThat(first.code).isZero();
        assertThat(first.out).contains("created").doesNotContain("BEGIN");
        assertThat(second.out).contains("already exist, kept");
        assertThat(Files.readString(keys.resolve("private.pem"))).isEqualTo(privateKey);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keys.resolve("private.pem"))))
                .isEqualTo("rw-------");

        String key = keys.resolve("private.pem").toString();
        SignedJWT customer = SignedJWT.parse(run("token", "c1", "--key", key).out.trim());
        SignedJWT operator = SignedJWT.parse(run("token", "--operator", "--ttl", "30m", "--key", key).out.trim());

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
        assertThat(run("jwt-keys", "--dir", dir.toString()).code).isEqualTo(Bootstrapper.FAILED);
        assertThat(Files.exists(dir.resolve("private.pem"))).isFalse();

        assertThat(run("token", "--key", dir.resolve("nope.pem").toString(), "c1").code).isEqualTo(Bootstrapper.FAILED);
        assertThat(run("token").code).isEqualTo(Bootstrapper.USAGE);
        assertThat(run("token", "c1", "--operator").code).isEqualTo(Bootstrapper.USAGE);
        assertThat(run("token", "c1", "--ttl", "forever").code).isEqualTo(Bootstrapper.USAGE);
    }

    private static RSAPublicKey publicKey(Path pem) throws Exception {
        String text = Files.readString(pem).replace("-----BEGIN PUBLIC KEY-----", "")
                .replace("-----END PUBLIC KEY-----", "");
        return (RSAPublicKey) KeyFactory.getInstance("RSA")
                .generatePublic(new X509EncodedKeySpec(Base64.getMimeDecoder().decode(text.strip())));
    }

    private Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Bootstrapper.run(args, Map.of(JwtCommands.DIR_ENV, dir.toString()),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Result(int code, String out, String err) {
    }
}
