package io.eventstream.eventstore.security;

import io.eventstream.common.tls.TlsFiles;
import io.netty.handler.ssl.util.SimpleTrustManagerFactory;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Arrays;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.springframework.boot.autoconfigure.ssl.SslBundleRegistrar;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundleKey;
import org.springframework.boot.ssl.SslBundleRegistry;
import org.springframework.boot.ssl.SslManagerBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;

/**
 * The gRPC server's SSL bundle {@value #NAME}: the files of common's bundle "eventstream" (this
 * service's certificate, the suite's CA: {@link TlsFiles}), with client certificates checked
 * through a {@link CountingTrustManager} so that the handshakes it refuses are counted too.
 */
final class ServerSslBundle implements SslBundleRegistrar {

    static final String NAME = "eventstream-server";

    private final TlsFiles files;
    private final Refusals refusals;

    ServerSslBundle(TlsFiles files, Refusals refusals) {
        this.files = files;
        this.refusals = refusals;
    }

    @Override
    public void registerBundles(SslBundleRegistry registry) {
        PemSslStoreBundle stores = new PemSslStoreBundle(
                PemSslStoreDetails.forCertificate(files.certificateLocation()).withPrivateKey(files.keyLocation()),
                PemSslStoreDetails.forCertificate(files.caLocation()));
        SslManagerBundle base = SslManagerBundle.from(stores, SslBundleKey.NONE);
        X509ExtendedTrustManager trust = Arrays.stream(base.getTrustManagers())
                .filter(X509ExtendedTrustManager.class::isInstance).map(X509ExtendedTrustManager.class::cast)
                .findFirst().orElseThrow(() -> new IllegalStateException("no X.509 trust manager for the CA"));
        TrustManagerFactory counting = new Counting(new CountingTrustManager(trust, refusals));
        registry.registerBundle(NAME, SslBundle.of(stores, SslBundleKey.NONE, null, SslBundle.DEFAULT_PROTOCOL,
                SslManagerBundle.of(base.getKeyManagerFactory(), counting)));
    }

    /** A factory that hands out the one trust manager (Netty's helper: TrustManagerFactory has no public constructor). */
    private static final class Counting extends SimpleTrustManagerFactory {

        private final TrustManager manager;

        Counting(TrustManager manager) {
            this.manager = manager;
        }

        @Override
        protected void engineInit(KeyStore keyStore) {
        }

        @Override
        protected void engineInit(ManagerFactoryParameters parameters) {
        }

        @Override
        protected TrustManager[] engineGetTrustManagers() {
            return new TrustManager[] {manager};
        }
    }
}
