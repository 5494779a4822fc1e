package io.eventstream.loadtool.eventstore;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** The bench's channel to the event store: mutual TLS as identity {@value #IDENTITY}, as the services connect. */
final class EventStoreChannel {

    static final String IDENTITY = "loadtool";

    private EventStoreChannel() {
    }

    static ManagedChannel open(String target, boolean tls, Path dir) {
        return Grpc.newChannelBuilder(target, tls ? credentials(dir) : InsecureChannelCredentials.create()).build();
    }

    private static ChannelCredentials credentials(Path dir) {
        File cert = dir.resolve(IDENTITY + ".crt").toFile();
        File key = dir.resolve(IDENTITY + ".key").toFile();
        File ca = dir.resolve("ca.crt").toFile();
        for (File file : new File[] {cert, key, ca}) {
            if (!file.canRead()) {
                throw new IllegalArgumentException("TLS is on (--tls) but " + file.getAbsolutePath() + " is missing: "
                        + "create it with 'java -jar bootstrapper.jar certs --dir " + dir.toAbsolutePath() + "' (./suite up does)");
            }
        }
        try {
            return TlsChannelCredentials.newBuilder().keyManager(cert, key).trustManager(ca).build();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + dir, e);
        }
    }
}
