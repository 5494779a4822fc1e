package io.eventstream.eventstore;

import io.eventstream.common.testing.TestInfra;
import io.eventstream.proto.eventstore.EventStoreGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One event store service, started in this JVM on real ports against a test database
 * and stream; several can run at once against the same database.
 */
final class EventStoreInstance implements AutoCloseable {

    private final ConfigurableApplicationContext context;
    private final ManagedChannel channel;

    private EventStoreInstance(ConfigurableApplicationContext context, int grpcPort) {
        this.context = context;
        this.channel = ManagedChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
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
        args.addAll(List.of(extraProperties));
        ConfigurableApplicationContext context = new SpringApplicationBuilder(EventStoreApplication.class)
                .run(args.toArray(String[]::new));
        return new EventStoreInstance(context, grpcPort);
    }

    EventStoreGrpc.EventStoreBlockingStub stub() {
        return EventStoreGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    EventStoreGrpc.EventStoreStub asyncStub() {
        return EventStoreGrpc.newStub(channel);
    }

    ManagedChannel channel() {
        return channel;
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        channel.shutdownNow();
        context.close();
    }
}
