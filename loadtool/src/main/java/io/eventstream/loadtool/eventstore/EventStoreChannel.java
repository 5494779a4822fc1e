package io.eventstream.loadtool.eventstore;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
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

    /**
     * The bench's channel. Its callbacks run on the Netty thread that read the answer (direct
     * executor): {@link AppendLoop} starts each client's next call from there, without a hand-off
     * to grpc-java's default executor; nothing on this channel's callbacks may block.
     */
    static ManagedChannel open(String target, boolean tls, Path dir) {
        return builder(target, tls, dir, IDENTITY).directExecutor().build();
    }

    /**
     * As {@code identity} (its certificate and key in {@code dir}): {@code --mode catch-up} reads as a
     * reader. With {@code direct}, callbacks run on the Netty thread (see {@link #open(String, boolean, Path)});
     * without, on grpc-java's default executor, as the services' channels run them.
     */
    static ManagedChannel open(String target, boolean tls, Path dir, String identity, boolean direct) {
        ManagedChannelBuilder<?> builder = builder(target, tls, dir, identity);
        return (direct ? builder.directExecutor() : builder).build();
    }

    private static ManagedChannelBuilder<?> builder(String target, boolean tls, Path dir, String identity) {
        return Grpc.newChannelBuilder(target, tls ? credentials(dir, identity) : InsecureChannelCredentials.create())
                .maxInboundMessageSize(8 * 1024 * 1024);
    }

    private static ChannelCredentials credentials(Path dir, String identity) {
        File cert = dir.resolve(identity + ".crt").toFile();
        File key = dir.resolve(identity + ".key").toFile();
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
