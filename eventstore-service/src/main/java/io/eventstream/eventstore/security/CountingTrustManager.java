package io.eventstream.eventstore.security;

import java.net.Socket;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's trust in client certificates (the suite's CA, checked by the JDK as always), with
 * each refused certificate counted and logged: a certificate from another CA or an expired one
 * fails the TLS handshake, before any gRPC call exists for the interceptor to see.
 */
final class CountingTrustManager extends X509ExtendedTrustManager {

    private static final Logger log = LoggerFactory.getLogger(CountingTrustManager.class);

    private final X509ExtendedTrustManager delegate;
    private final Refusals refusals;

    CountingTrustManager(X509ExtendedTrustManager delegate, Refusals refusals) {
        this.delegate = delegate;
        this.refusals = refusals;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        try {
            delegate.checkClientTrusted(chain, authType, engine);
        } catch (CertificateException e) {
            throw refused(chain, e);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        try {
            delegate.checkClientTrusted(chain, authType, socket);
        } catch (CertificateException e) {
            throw refused(chain, e);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        try {
            delegate.checkClientTrusted(chain, authType);
        } catch (CertificateException e) {
            throw refused(chain, e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        delegate.checkServerTrusted(chain, authType, engine);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        delegate.checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate.checkServerTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return delegate.getAcceptedIssuers();
    }

    private CertificateException refused(X509Certificate[] chain, CertificateException e) {
        String reason = expired(e) ? "expired-certificate" : "untrusted-certificate";
        refusals.count(reason);
        String subject = chain != null && chain.length > 0 ? chain[0].getSubjectX500Principal().getName() : "-";
        log.warn("refused a TLS client certificate ({}): subject '{}', issuer '{}'", reason, subject,
                chain != null && chain.length > 0 ? chain[0].getIssuerX500Principal().getName() : "-");
        return e;
    }

    private static boolean expired(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CertificateExpiredException || t instanceof CertificateNotYetValidException) {
                return true;
            }
            if (t instanceof CertPathValidatorException v && v.getReason() == CertPathValidatorException.BasicReason.EXPIRED) {
                return true;
            }
        }
        return false;
    }
}
