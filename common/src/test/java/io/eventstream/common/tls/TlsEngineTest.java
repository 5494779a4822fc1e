package io.eventstream.common.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.grpc.netty.GrpcSslContexts;
import io.netty.handler.ssl.OpenSslContext;
import io.netty.handler.ssl.SslContext;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** gRPC's TLS runs in BoringSSL on the platforms the suite runs on (netty-tcnative, a dependency of common). */
class TlsEngineTest {

    private static final Set<String> NATIVE = Set.of("amd64", "x86_64", "aarch64");

    @Test
    void boringSslLoadsOnLinux() {
        assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux")
                && NATIVE.contains(System.getProperty("os.arch")), "netty-tcnative ships no library for this platform");
        assertThat(TlsEngine.openSsl()).as(TlsEngine.describe()).isTrue();
        assertThat(TlsEngine.describe()).startsWith("OpenSSL (BoringSSL");
    }

    /** What grpc-netty builds for a TLS channel or server (TlsChannelCredentials, TlsServerCredentials) is then BoringSSL's. */
    @Test
    void grpcBuildsItsContextsOnIt() throws Exception {
        assumeTrue(TlsEngine.openSsl(), TlsEngine.describe());
        SslContext client = GrpcSslContexts.forClient().build();
        assertThat(client).isInstanceOf(OpenSslContext.class);
    }
}
