package io.eventstream.eventstore;

import io.eventstream.common.tracing.EventTracing;
import io.eventstream.eventstore.append.EventAppender;
import io.eventstream.eventstore.append.EventValidator;
import io.eventstream.eventstore.grpc.EventStoreGrpcService;
import io.eventstream.eventstore.grpc.LiveFollower;
import io.eventstream.eventstore.outbox.JetStreamPublisher;
import io.eventstream.eventstore.outbox.OutboxProperties;
import io.eventstream.eventstore.outbox.OutboxRelay;
import io.eventstream.eventstore.outbox.OutboxStatistics;
import io.eventstream.eventstore.outbox.OutboxStore;
import io.eventstream.eventstore.outbox.PositionAssigner;
import io.eventstream.eventstore.outbox.RelayLease;
import io.eventstream.eventstore.outbox.Signal;
import io.eventstream.eventstore.read.EventReader;
import io.eventstream.eventstore.security.AppendAuthorization;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.Connection;
import java.io.IOException;
import java.util.concurrent.ExecutorService;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** Wires the append path, the read path and the outbox relay. */
@Configuration(proxyBeanMethods = false)
class EventStoreConfiguration {

    /** Fired after each append commits: wakes the relay. */
    @Bean
    Signal appendedSignal() {
        return new Signal();
    }

    /** Fired after the relay positioned new events: wakes live followers. */
    @Bean
    Signal positionedSignal() {
        return new Signal();
    }

    @Bean
    EventAppender eventAppender(JdbcTemplate jdbc, StoreProperties props, Signal appendedSignal, MeterRegistry meters) {
        return new EventAppender(jdbc, new EventValidator(props.maxEventDataBytes()), props.appendWriters(),
                props.appendMaxBatch(), props.appendQueue(), appendedSignal::fire, meters);
    }

    @Bean
    EventReader eventReader(JdbcTemplate jdbc) {
        return new EventReader(jdbc);
    }

    @Bean
    LiveFollower liveFollower(EventReader reader, Signal positionedSignal, StoreProperties props,
                              ExecutorService blockingCalls, MeterRegistry meters) {
        return new LiveFollower(reader, positionedSignal, props.followPoll(), props.followPage(), blockingCalls, meters);
    }

    @Bean
    EventStoreGrpcService eventStoreGrpcService(EventAppender appender, EventReader reader, LiveFollower follower,
                                                StoreProperties props, ExecutorService blockingCalls,
                                                AppendAuthorization authorization, MeterRegistry meters) {
        return new EventStoreGrpcService(appender, reader, follower, props.maxReadLimit(), blockingCalls, authorization,
                props.createEventsMax(), meters);
    }

    @Bean
    RelayLease relayLease(JdbcTemplate jdbc, OutboxProperties props) {
        return new RelayLease(jdbc, props.instanceId(), props.leaseTtl());
    }

    @Bean
    @ConditionalOnProperty(prefix = "eventstream.outbox", name = "enabled", matchIfMissing = true)
    OutboxRelay outboxRelay(OutboxProperties props, RelayLease lease, JdbcTemplate jdbc, TransactionTemplate tx,
                            Connection nats, Signal appendedSignal, Signal positionedSignal, MeterRegistry meters,
                            EventTracing tracing) throws IOException {
        return new OutboxRelay(props, lease, new PositionAssigner(jdbc, lease), new OutboxStore(jdbc),
                new JetStreamPublisher(nats.jetStream(), props.publishTimeout(), tracing), tx, appendedSignal,
                positionedSignal, meters, OutboxStatistics.of(jdbc));
    }
}
