package io.eventstream.eventstore.security;

import io.grpc.Attributes;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerTransportFilter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.grpc.server.GrpcServerFactory;
import org.springframework.grpc.server.service.GrpcServiceConfigurer;
import org.springframework.grpc.server.service.GrpcServiceDiscoverer;

/**
 * The plaintext listener for the original's clients: the same services, bound the same way
 * (Spring gRPC's configurer: request parsing, the global interceptors, {@link AccessInterceptor}
 * among them), on a port of its own. Every connection is given the configured identity, so the
 * access table decides what its callers may do; nothing a caller sends can change that.
 */
final class OriginalClientListener implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OriginalClientListener.class);

    private final OriginalListenerProperties props;
    private final GrpcServiceDiscoverer services;
    private final GrpcServiceConfigurer configurer;
    private final GrpcServerFactory factory;
    private final String grant;
    private Server server;

    OriginalClientListener(OriginalListenerProperties props, GrpcServiceDiscoverer services,
                           GrpcServiceConfigurer configurer, GrpcServerFactory factory, String grant) {
        this.props = props;
        this.services = services;
        this.configurer = configurer;
        this.factory = factory;
        this.grant = grant;
    }

    @Override
    public synchronized void start() {
        ServerBuilder<?> builder = Grpc.newServerBuilderForPort(props.port(), InsecureServerCredentials.create())
                .addTransportFilter(new AssignIdentity(props.identity()));
        services.findServices().forEach(spec -> builder.addService(configurer.configure(spec, factory)));
        try {
            server = builder.build().start();
        } catch (IOException e) {
            throw new UncheckedIOException("plaintext listener for the original's clients: port " + props.port(), e);
        }
        log.warn("plaintext gRPC listener for the original's clients is ON at port {}: its callers are not "
                + "authenticated and act as '{}' ({})", server.getPort(), props.identity(), grant);
    }

    @Override
    public synchronized void stop() {
        if (server != null) {
            server.shutdown();
            try {
                if (!server.awaitTermination(10, TimeUnit.SECONDS)) {
                    server.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                server.shutdownNow();
            }
            server = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return server != null;
    }

    /** The bound port (the setting, or the one chosen for port 0). */
    synchronized int port() {
        return server == null ? -1 : server.getPort();
    }

    private static final class AssignIdentity extends ServerTransportFilter {

        private final String identity;

        AssignIdentity(String identity) {
            this.identity = identity;
        }

        @Override
        public Attributes transportReady(Attributes attributes) {
            return attributes.toBuilder().set(CallerIdentity.ASSIGNED, identity).build();
        }
    }
}
