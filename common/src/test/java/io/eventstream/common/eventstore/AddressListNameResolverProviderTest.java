package io.eventstream.common.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.NameResolver;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two real servers behind one addresses:/// target with round_robin, as order-service uses two stores. */
class AddressListNameResolverProviderTest {

    private final AtomicInteger callsOnFirst = new AtomicInteger();
    private final AtomicInteger callsOnSecond = new AtomicInteger();
    private Server first;
    private Server second;
    private ManagedChannel channel;

    @AfterEach
    void stop() throws Exception {
        if (channel != null) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            first.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            second.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void spreadsCallsOverEveryInstanceAndSkipsOneThatIsDown() throws Exception {
        first = server(callsOnFirst);
        second = server(callsOnSecond);
        AddressListNameResolverProvider.register();
        channel = ManagedChannelBuilder
                .forTarget("addresses:///127.0.0.1:" + first.getPort() + ",127.0.0.1:" + second.getPort())
                .defaultLoadBalancingPolicy("round_robin").usePlaintext().build();
        var health = HealthGrpc.newBlockingStub(channel);

        // round_robin starts on the first connection that is up; the other joins a moment later.
        long connecting = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while ((callsOnFirst.get() == 0 || callsOnSecond.get() == 0) && System.nanoTime() < connecting) {
            check(health);
        }
        callsOnFirst.set(0);
        callsOnSecond.set(0);
        for (int i = 0; i < 20; i++) {
            check(health);
        }
        assertThat(callsOnFirst.get()).isEqualTo(10);
        assertThat(callsOnSecond.get()).isEqualTo(10);

        first.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        // Calls sent while the channel learns of the closed connection may fail (the services'
        // StoreCallRetry retries those); once it knows, none may.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int inARow = 0;
        while (inARow < 5 && System.nanoTime() < deadline) {
            try {
                check(health);
                inARow++;
            } catch (StatusRuntimeException closing) {
                inARow = 0;
                Thread.sleep(50);
            }
        }
        int before = callsOnSecond.get();
        for (int i = 0; i < 20; i++) {
            check(health);
        }
        assertThat(callsOnSecond.get() - before).isEqualTo(20);
    }

    @Test
    void authorityIsTheUrisOrElseTheFirstAddress() {
        var provider = new AddressListNameResolverProvider();
        NameResolver.Args args = NameResolver.Args.newBuilder().setDefaultPort(443)
                .setProxyDetector(a -> null)
                .setSynchronizationContext(new io.grpc.SynchronizationContext((t, e) -> { }))
                .setServiceConfigParser(new NameResolver.ServiceConfigParser() {
                    @Override
                    public NameResolver.ConfigOrError parseServiceConfig(java.util.Map<String, ?> config) {
                        return NameResolver.ConfigOrError.fromConfig(config);
                    }
                }).build();

        assertThat(provider.newNameResolver(URI.create("addresses:///10.0.0.1:50051,10.0.0.2:50051"), args)
                .getServiceAuthority()).isEqualTo("10.0.0.1:50051");
        assertThat(provider.newNameResolver(URI.create("addresses://eventstore-service/a:50051,b:50051"), args)
                .getServiceAuthority()).isEqualTo("eventstore-service");
        assertThat(provider.newNameResolver(URI.create("dns:///a:1"), args)).isNull();
        assertThatThrownBy(() -> provider.newNameResolver(URI.create("addresses:///a"), args))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not host:port");
    }

    private static void check(HealthGrpc.HealthBlockingStub health) {
        assertThat(health.withDeadlineAfter(5, TimeUnit.SECONDS).check(HealthCheckRequest.newBuilder()
                .setService("eventstore").build()).getStatus()).isEqualTo(ServingStatus.SERVING);
    }

    private static Server server(AtomicInteger calls) throws Exception {
        HealthStatusManager health = new HealthStatusManager();
        health.setStatus("eventstore", ServingStatus.SERVING);
        ServerInterceptor counting = new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                    ServerCallHandler<Q, R> next) {
                calls.incrementAndGet();
                return next.startCall(call, headers);
            }
        };
        return NettyServerBuilder.forPort(0).addService(ServerInterceptors.intercept(health.getHealthService(), counting))
                .build().start();
    }
}
