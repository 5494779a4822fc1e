package io.eventstream.eventstore.security;

import io.grpc.Attributes;
import io.grpc.Grpc;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Who is calling: the subject CN of the client certificate the TLS handshake verified against
 * the suite's CA, or the identity the plaintext listener gives its connections. Nothing a caller
 * sends in a header counts.
 */
final class CallerIdentity {

    /** Set by {@link OriginalClientListener} on each of its connections. */
    static final Attributes.Key<String> ASSIGNED = Attributes.Key.create("eventstream.assigned-identity");
    /**
     * The CN, kept in the TLS session once read: the certificate cannot change within a session,
     * and reading it (the subject's name as a string, parsed again as an LDAP name) was paid on every call.
     */
    static final String SESSION_VALUE = "eventstream.caller-identity";

    private CallerIdentity() {
    }

    static Optional<String> of(Attributes transport) {
        String assigned = transport.get(ASSIGNED);
        if (assigned != null) {
            return Optional.of(assigned);
        }
        SSLSession session = transport.get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
        if (session == null) {
            return Optional.empty();
        }
        if (session.getValue(SESSION_VALUE) instanceof String known) {
            return Optional.of(known);
        }
        Optional<String> identity = fromCertificate(session);
        identity.ifPresent(cn -> session.putValue(SESSION_VALUE, cn));
        return identity;
    }

    private static Optional<String> fromCertificate(SSLSession session) {
        try {
            Certificate[] peer = session.getPeerCertificates();
            return peer.length > 0 && peer[0] instanceof X509Certificate x509 ? commonName(x509) : Optional.empty();
        } catch (SSLPeerUnverifiedException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> commonName(X509Certificate certificate) {
        try {
            for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
                if ("CN".equalsIgnoreCase(rdn.getType())) {
                    return Optional.of(rdn.getValue().toString());
                }
            }
        } catch (InvalidNameException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
