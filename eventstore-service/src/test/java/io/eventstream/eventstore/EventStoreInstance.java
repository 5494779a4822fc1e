package io.eventstream.eventstore;

import io.eventstream.common.testing.TestInfra;
import io.eventstream.common.testing.TestPki;
import io.eventstream.proto.eventstore.EventStoreGrpc;
import io.grpc.ManagedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One event store service, started in this JVM on real ports against a test database
 * and stream; several can run at once against the same database. It runs with its shipped
 * mutual TLS and access table ({@link TestPki}'s certificates); {@link #channel()} calls as
 * {@value #DEFAULT_IDENTITY}, {@link #channel(String)} as any identity of the suite.
 */
final class EventStoreInstance implements AutoCloseable {

    static final String DEFAULT_IDENTITY = "order-service";

    private final ConfigurableApplicationContext context;
    private final int grpcPort;
    private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();

    private EventStoreInstance(ConfigurableApplicationContext context, int grpcPort) {
        this.context = context;
        this.grpcPort = grpcPort;
    }

    static EventStoreInstance start(String database, String stream, String... extraProperties) {
        return startAt(TestInfra.jdbcUrl(database), stream, extraProperties);
    }

    static EventStoreInstance startAt(String jdbcUrl, String stream, String... extraProperties) {
        int grpcPort = TestInfra.freePort();
        List<String> args = new ArrayList<>(List.of(
                "--spring.datasource.url=" + jdbcUrl,
                "--spring.datasource.username=" + TestInfra.PG_ADMIN,
                "--spring.grpc.server.port=" + grpcPort,
                "--server.port=0",
                "--eventstream.nats.url=" + TestInfra.NATS_URL,
                "--eventstream.nats.stream=" + stream,
                "--spring.main.banner-mode=off",
                "--logging.level.root=WARN"));
        // Unless the test sets them itself (a repeated option would be joined with a comma).
        TestPki.arguments("eventstore-service").stream()
                .filter(a -> List.of(extraProperties).stream().noneMatch(e -> e.startsWith(a.substring(0, a.indexOf('=')))))
                .forEach(args::add);
        args.addAll(List.of(extraProperties));
        ConfigurableApplicationContext context = new SpringApplicationBuilder(EventStoreApplication.class)
                .run(args.toArray(String[]::new));
        return new EventStoreInstance(context, grpcPort);
    }

    EventStoreGrpc.EventStoreBlockingStub stub() {
        return stub(DEFAULT_IDENTITY);
    }

    EventStoreGrpc.EventStoreBlockingStub stub(String identity) {
        return EventStoreGrpc.newBlockingStub(channel(identity)).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    EventStoreGrpc.EventStoreStub asyncStub() {
        return EventStoreGrpc.newStub(channel());
    }

    ManagedChannel channel() {
        return channel(DEFAULT_IDENTITY);
    }

    /** Mutual TLS as {@code identity} (its certificate from {@link TestPki}). */
    ManagedChannel channel(String identity) {
        return channels.computeIfAbsent(identity, id -> TestPki.channel(grpcPort, id));
    }

    int grpcPort() {
        return grpcPort;
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        channels.values().forEach(ManagedChannel::shutdownNow);
        context.close();
    }
}
