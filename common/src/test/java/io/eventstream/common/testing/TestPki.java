package io.eventstream.common.testing;

import io.eventstream.common.tls.LocalCertificateAuthority;
import io.eventstream.common.tls.PkiFiles;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.ServerCredentials;
import io.grpc.TlsChannelCredentials;
import io.grpc.TlsServerCredentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The suite's PKI for tests: created once (kept under {@code target/test-pki} of the module,
 * reused by later runs and by the service processes e2e-tests starts), with the same command
 * code as {@code bootstrapper certs}. Services in tests run with TLS on, their shipped default:
 * they only need {@link #DIR} as {@code eventstream.tls.dir}.
 */
public final class TestPki {

    public static final Path DIR = Path.of("target", "test-pki").toAbsolutePath();
    private static boolean ready;

    private TestPki() {
    }

    /** The folder, with the CA and every identity's files. */
    public static synchronized Path dir() {
        if (!ready) {
            PkiFiles.ensure(DIR, PkiFiles.IDENTITIES);
            ready = true;
        }
        return DIR;
    }

    /** Arguments for a service started in this JVM: TLS on, this PKI, the given identity. */
    public static List<String> arguments(String identity) {
        return List.of("--eventstream.tls.dir=" + dir(), "--eventstream.tls.identity=" + identity);
    }

    /** For a {@code @DynamicPropertySource}: the service keeps its own identity (its application name). */
    public static void register(DynamicPropertyRegistry registry) {
        registry.add("eventstream.tls.dir", () -> dir().toString());
    }

    /** A client channel to 127.0.0.1:port presenting {@code identity}'s certificate. */
    public static ManagedChannel channel(int port, String identity) {
        return channel(port, credentials(dir(), identity));
    }

    public static ManagedChannel channel(int port, ChannelCredentials credentials) {
        return Grpc.newChannelBuilderForAddress("127.0.0.1", port, credentials).build();
    }

    /** Presents {@code identity}'s certificate from {@code folder}, trusts this PKI's CA only. */
    public static ChannelCredentials credentials(Path folder, String identity) {
        try {
            return TlsChannelCredentials.newBuilder()
                    .keyManager(folder.resolve(PkiFiles.certificate(identity)).toFile(),
                            folder.resolve(PkiFiles.key(identity)).toFile())
                    .trustManager(dir().resolve(PkiFiles.CA_CERT).toFile())
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Like {@link #credentials}, but the certificate is sent even when it does not fit what the
     * server asks for (another CA, expired): a normal TLS client leaves such a certificate out.
     */
    public static ChannelCredentials presenting(Path folder, String identity) {
        try {
            KeyStore store = new PemSslStoreBundle(PemSslStoreDetails
                    .forCertificate("file:" + folder.resolve(PkiFiles.certificate(identity)))
                    .withPrivateKey("file:" + folder.resolve(PkiFiles.key(identity))), null).getKeyStore();
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, null);
            X509ExtendedKeyManager keys = (X509ExtendedKeyManager) factory.getKeyManagers()[0];
            String alias = store.aliases().nextElement();
            return TlsChannelCredentials.newBuilder()
                    .keyManager(new AlwaysPresenting(keys, alias))
                    .trustManager(dir().resolve(PkiFiles.CA_CERT).toFile())
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class AlwaysPresenting extends X509ExtendedKeyManager {

        private final X509ExtendedKeyManager keys;
        private final String alias;

        AlwaysPresenting(X509ExtendedKeyManager keys, String alias) {
            this.keys = keys;
            this.alias = alias;
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return alias;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return alias;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[] {alias};
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return keys.getServerAliases(keyType, issuers);
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return keys.chooseServerAlias(keyType, issuers, socket);
        }

        @Override
        public X509Certificate[] getCertificateChain(String name) {
            return keys.getCertificateChain(name);
        }

        @Override
        public PrivateKey getPrivateKey(String name) {
            return keys.getPrivateKey(name);
        }
    }

    /** TLS to the server without a certificate of our own. */
    public static ChannelCredentials withoutCertificate() {
        try {
            return TlsChannelCredentials.newBuilder().trustManager(dir().resolve(PkiFiles.CA_CERT).toFile()).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The event store's side, as the real one is configured: its certificate, clients' required. */
    public static ServerCredentials serverCredentials() {
        try {
            return TlsServerCredentials.newBuilder()
                    .keyManager(dir().resolve(PkiFiles.certificate(PkiFiles.EVENTSTORE)).toFile(),
                            dir().resolve(PkiFiles.key(PkiFiles.EVENTSTORE)).toFile())
                    .trustManager(dir().resolve(PkiFiles.CA_CERT).toFile())
                    .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE)
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A folder with {@code identity}'s certificate issued by a CA of its own, not the suite's. */
    public static synchronized Path otherCa(String identity) {
        Path folder = DIR.resolveSibling("test-pki-other-ca");
        Instant now = Instant.now();
        LocalCertificateAuthority other = LocalCertificateAuthority.create("another CA", now.minus(Duration.ofDays(1)),
                now.plus(Duration.ofDays(30)));
        create(folder);
        other.issue(folder, identity, List.of(identity), List.of(), now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)));
        return folder;
    }

    /** A folder with a valid certificate from the suite's CA for an identity of one's choosing (a stranger's). */
    public static synchronized Path issued(String identity) {
        Path folder = DIR.resolveSibling("test-pki-issued");
        Instant now = Instant.now();
        create(folder);
        LocalCertificateAuthority.load(dir()).issue(folder, identity, List.of(identity), List.of(),
                now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)));
        return folder;
    }

    /** A folder with {@code identity}'s certificate issued by the suite's CA, expired yesterday. */
    public static synchronized Path expired(String identity) {
        Path folder = DIR.resolveSibling("test-pki-expired");
        Instant now = Instant.now();
        create(folder);
        LocalCertificateAuthority.load(dir()).issue(folder, identity, List.of(identity), List.of(),
                now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1)));
        return folder;
    }

    private static void create(Path folder) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
