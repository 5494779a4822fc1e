package io.eventstream.eventstore.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.grpc.Attributes;
import io.grpc.Grpc;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.Test;

/** The identity read once per TLS session (the real handshakes: HostileCallerTest, CreateEventTest). */
class CallerIdentityTest {

    @Test
    void anIdentityKeptInTheSessionIsNotReadFromTheCertificateAgain() throws Exception {
        SSLSession session = mock(SSLSession.class);
        when(session.getValue(CallerIdentity.SESSION_VALUE)).thenReturn("order-service");

        assertThat(CallerIdentity.of(Attributes.newBuilder().set(Grpc.TRANSPORT_ATTR_SSL_SESSION, session).build()))
                .contains("order-service");
        verify(session, never()).getPeerCertificates();
    }

    @Test
    void aSessionWithoutAVerifiedCertificateHasNoIdentityAndKeepsNone() throws Exception {
        SSLSession session = mock(SSLSession.class);
        when(session.getPeerCertificates()).thenThrow(new SSLPeerUnverifiedException("none"));

        assertThat(CallerIdentity.of(Attributes.newBuilder().set(Grpc.TRANSPORT_ATTR_SSL_SESSION, session).build()))
                .isEmpty();
        verify(session, never()).putValue(anyString(), any());
    }
}
