package io.eventstream.common.tls;

import io.netty.handler.ssl.OpenSsl;

/**
 * Which TLS implementation gRPC's Netty transport uses here. grpc-netty chooses by itself
 * ({@code GrpcSslContexts}): BoringSSL (netty-tcnative, a dependency of common) when its native
 * library loads on this platform, else the JDK's. The JDK's costs far more CPU under C1 (only, as
 * in the tests, or before C2 has compiled it): its AES-GCM then has no intrinsics and runs in plain Java.
 */
public final class TlsEngine {

    private TlsEngine() {
    }

    public static boolean openSsl() {
        return OpenSsl.isAvailable();
    }

    /** One line for the start log: which engine, and why not BoringSSL when it is not. */
    public static String describe() {
        if (openSsl()) {
            return "OpenSSL (" + OpenSsl.versionString() + ")";
        }
        Throwable cause = OpenSsl.unavailabilityCause();
        return "JDK (netty-tcnative not usable here: " + (cause == null ? "unknown" : cause.toString()) + ")";
    }
}
