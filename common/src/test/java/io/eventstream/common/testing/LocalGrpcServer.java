package io.eventstream.common.testing;

import io.grpc.BindableService;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;

/**
 * A gRPC server on a free port, on a real socket without TLS, serving what a test writes for the
 * occasion (a store that answers late, refuses, or records what it got), and a plaintext channel to
 * it for a client under test. {@link #close()} shuts both down.
 */
public final class LocalGrpcServer implements AutoCloseable {

    private final Server server;
    private ManagedChannel channel;

    private LocalGrpcServer(Server server) {
        this.server = server;
    }

    public static LocalGrpcServer start(BindableService... services) {
        ServerBuilder<?> builder = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create());
        for (BindableService service : services) {
            builder.addService(service);
        }
        try {
            return new LocalGrpcServer(builder.build().start());
        } catch (IOException e) {
            throw new UncheckedIOException("test gRPC server did not start", e);
        }
    }

    public int port() {
        return server.getPort();
    }

    /** A plaintext channel to this server, made on first use (a test may bring a channel of its own). */
    public synchronized ManagedChannel channel() {
        if (channel == null) {
            channel = ManagedChannelBuilder.forAddress("127.0.0.1", port()).usePlaintext().build();
        }
        return channel;
    }

    @Override
    public void close() throws InterruptedException {
        synchronized (this) {
            if (channel != null) {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}
