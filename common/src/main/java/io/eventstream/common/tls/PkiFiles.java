package io.eventstream.common.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The PKI folder of the suite: {@code ca.crt}, {@code ca.key}, and {@code <identity>.crt} /
 * {@code <identity>.key} per service identity. {@link #ensure} creates what is missing and never
 * overwrites: delete the folder (or one identity's two files) and run it again to rotate.
 */
public final class PkiFiles {

    public static final String CA_CERT = "ca.crt";
    public static final String CA_KEY = "ca.key";

    /** The event store's identity; its certificate is also the gRPC server's. */
    public static final String EVENTSTORE = "eventstore-service";

    /** Every identity the suite runs as. {@code original-client} is for an operator's own use. */
    public static final List<String> IDENTITIES = List.of(EVENTSTORE, "order-service", "payment-worker",
            "review-worker", "querymodel-worker", "saga-coordinator", "loadtool", "original-client");

    /** Names clients dial the event store by: locally, and in docker-compose (the service name). */
    public static final List<String> SERVER_DNS_NAMES = List.of("localhost", EVENTSTORE);
    public static final List<String> SERVER_ADDRESSES = List.of("127.0.0.1", "::1");

    public static final Duration CA_VALIDITY = Duration.ofDays(3650);
    public static final Duration VALIDITY = Duration.ofDays(365);

    private PkiFiles() {
    }

    public static String certificate(String identity) {
        return identity + ".crt";
    }

    public static String key(String identity) {
        return identity + ".key";
    }

    /**
     * Creates the CA and each identity's key and certificate unless present.
     *
     * @return one line per file set created or kept (paths only, never key material)
     */
    public static List<String> ensure(Path dir, List<String> identities) {
        List<String> report = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            restrictDirectory(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create " + dir, e);
        }
        // Issued a minute in the past: a peer whose clock is slightly behind still accepts it.
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(1));
        boolean hasCa = Files.exists(dir.resolve(CA_CERT)) && Files.exists(dir.resolve(CA_KEY));
        if (!hasCa && (Files.exists(dir.resolve(CA_CERT)) || Files.exists(dir.resolve(CA_KEY)))) {
            // Half a CA: making a new one would silently replace the other half.
            throw new IllegalStateException(dir.resolve(CA_CERT) + " and " + dir.resolve(CA_KEY)
                    + " must both exist or neither: delete the folder to start over (every service gets new files)");
        }
        LocalCertificateAuthority ca;
        if (hasCa) {
            ca = LocalCertificateAuthority.load(dir);
            report.add("certificate authority " + dir.resolve(CA_CERT) + ": exists, kept");
        } else {
            ca = LocalCertificateAuthority.create("eventstream local CA", now, now.plus(CA_VALIDITY));
            ca.write(dir);
            report.add("certificate authority " + dir.resolve(CA_CERT) + ": created (valid "
                    + CA_VALIDITY.toDays() + " days)");
        }
        for (String identity : identities) {
            Path crt = dir.resolve(certificate(identity));
            if (hasCa && Files.exists(crt) && Files.exists(dir.resolve(key(identity)))) {
                report.add("certificate " + crt + ": exists, kept");
                continue;
            }
            boolean server = identity.equals(EVENTSTORE);
            ca.issue(dir, identity, server ? SERVER_DNS_NAMES : List.of(identity),
                    server ? SERVER_ADDRESSES : List.of(), now, now.plus(VALIDITY));
            report.add("certificate " + crt + ": created (valid " + VALIDITY.toDays() + " days)");
        }
        return report;
    }

    /** Keys 0600, certificates 0644, where the file system has POSIX permissions. */
    static void restrict(Path file, boolean secret) throws IOException {
        if (posix()) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(secret ? "rw-------" : "rw-r--r--"));
        }
    }

    private static void restrictDirectory(Path dir) throws IOException {
        if (posix()) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
