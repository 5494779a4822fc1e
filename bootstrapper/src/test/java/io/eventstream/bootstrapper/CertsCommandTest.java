package io.eventstream.bootstrapper;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventstream.common.tls.PkiFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bootstrapper certs}: creates the CA and every identity's files once, keeps them after, prints no key. */
class CertsCommandTest {

    @TempDir
    Path dir;

    @Test
    void createsTheCaAndOneCertificatePerIdentityThenKeepsThem() throws Exception {
        Path pki = dir.resolve("pki");
        String first = run("certs", "--dir", pki.toString());

        assertThat(first).contains("certificate authority " + pki.resolve("ca.crt") + ": created");
        for (String identity : PkiFiles.IDENTITIES) {
            assertThat(first).contains("certificate " + pki.resolve(identity + ".crt") + ": created");
            assertThat(Files.getPosixFilePermissions(pki.resolve(identity + ".key")))
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
            X509Certificate certificate = certificate(pki.resolve(identity + ".crt"));
            assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=" + identity);
            certificate.verify(certificate(pki.resolve("ca.crt")).getPublicKey());
        }
        assertThat(first).doesNotContain("PRIVATE KEY");
        X509Certificate server = certificate(pki.resolve("eventstore-service.crt"));
        assertThat(server.getSubjectAlternativeNames().stream().map(n -> n.get(1).toString()))
                .contains("localhost", "eventstore-service", "127.0.0.1");
        byte[] caBefore = Files.readAllBytes(pki.resolve("ca.crt"));

        String again = run("certs", "--dir", pki.toString());

        assertThat(again).contains("exists, kept").doesNotContain("created");
        assertThat(Files.readAllBytes(pki.resolve("ca.crt"))).isEqualTo(caBefore);
    }

    @Test
    void deletingOneIdentitysFilesReissuesOnlyThatOneFromTheSameCa() throws Exception {
        Path pki = dir.resolve("pki");
        run("certs", "--dir", pki.toString());
        Files.delete(pki.resolve("review-worker.crt"));
        Files.delete(pki.resolve("review-worker.key"));

        String out = run("certs", "--dir", pki.toString());

        assertThat(out).contains("certificate " + pki.resolve("review-worker.crt") + ": created")
                .contains("certificate " + pki.resolve("order-service.crt") + ": exists, kept");
        certificate(pki.resolve("review-worker.crt")).verify(certificate(pki.resolve("ca.crt")).getPublicKey());
    }

    private static String run(String... args) {
        RunResult result = RunResult.inProcess(Map.of(), args);
        assertThat(result.exitCode()).as(result.err()).isZero();
        return result.out();
    }

    private static X509Certificate certificate(Path file) throws Exception {
        try (var in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }
}
