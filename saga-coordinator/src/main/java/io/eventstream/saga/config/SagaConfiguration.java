package io.eventstream.saga.config;

import io.eventstream.common.consumer.ConsumerProperties;
import io.eventstream.common.consumer.ConsumerSettings;
import io.eventstream.common.consumer.ConsumerTimings;
import io.eventstream.common.consumer.DurableConsumer;
import io.eventstream.common.consumer.DurableConsumerHealthIndicator;
import io.eventstream.common.events.OrderEventTypes;
import io.eventstream.common.eventstore.EventStoreClient;
import io.eventstream.saga.deadline.DeadlineScanner;
import io.eventstream.saga.eventstore.EventStoreOrderHistory;
import io.eventstream.saga.events.StepReader;
import io.eventstream.saga.jdbc.JdbcSagaStore;
import io.eventstream.saga.messaging.OrderEventHandler;
import io.eventstream.saga.process.BatchSaga;
import io.eventstream.saga.process.OrderHistory;
import io.eventstream.saga.process.Saga;
import io.eventstream.saga.process.SagaStore;
import io.eventstream.saga.messaging.SagaMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nats.client.Connection;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Wires the coordinator: every order event in from NATS, the saga over the event store, state in
 * sagadb. The consumer and the deadline scan run only in the coordinator's mode (the default):
 * the {@code --rebuild} command ({@link RebuildConfiguration}) runs neither.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ConsumerProperties.class, SagaProperties.class})
public class SagaConfiguration {

    public static final String DURABLE_NAME = "saga-coordinator";

    @Bean
    SagaStore sagaStore(JdbcTemplate jdbc) {
        return new JdbcSagaStore(jdbc);
    }

    @Bean
    OrderHistory orderHistory(EventStoreClient eventStore, OrderEventTypes types) {
        return new EventStoreOrderHistory(eventStore, types);
    }

    @Bean
    Saga saga(OrderHistory history, SagaStore store, SagaProperties props) {
        return new Saga(history, store, props.deadline(), Clock.systemUTC());
    }

    /** Closed (its threads stopped) after the consumer, which stops first as a lifecycle bean. */
    @Bean
    BatchSaga batchSaga(OrderHistory history, SagaStore store, SagaProperties props) {
        AtomicInteger threads = new AtomicInteger();
        ExecutorService calls = Executors.newFixedThreadPool(props.callThreads(), work -> {
            Thread thread = new Thread(work, "saga-calls-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        return new BatchSaga(history, store, props.deadline(), Clock.systemUTC(), calls);
    }

    @Bean
    @ConditionalOnProperty(prefix = "eventstream.saga", name = "mode", havingValue = "coordinate", matchIfMissing = true)
    DeadlineScanner deadlineScanner(SagaStore store, Saga saga, SagaProperties props) {
        return new DeadlineScanner(store, saga, Clock.systemUTC(), props.scanBatch());
    }

    /**
     * Refuses to start with a deadline that a redelivery could outlast: the coordinator would
     * cancel (and refund) orders that are only waiting for a crashed worker's messages to come
     * back. It checks its own consumer timings; the workers must use the same or shorter ones.
     */
    @Bean
    @ConditionalOnProperty(prefix = "eventstream.saga", name = "mode", havingValue = "coordinate", matchIfMissing = true)
    DurableConsumer sagaConsumer(Connection nats, OrderEventTypes types, ConsumerProperties props,
            SagaProperties sagaProps, Saga saga, BatchSaga batchSaga, ObjectProvider<MeterRegistry> meters) {
        ConsumerSettings settings = props.toSettings(DURABLE_NAME, types.allSubjects());
        ConsumerTimings.requireDeadlineCovers("eventstream.saga.deadline", sagaProps.deadline(), "eventstream.consumer",
                settings);
        return new DurableConsumer(nats, types.stream(), settings,
                new OrderEventHandler(saga, batchSaga,
                        new SagaMetrics(meters.getIfAvailable(SimpleMeterRegistry::new)), new StepReader(types)),
                meters.getIfAvailable());
    }

    @Bean
    @ConditionalOnProperty(prefix = "eventstream.saga", name = "mode", havingValue = "coordinate", matchIfMissing = true)
    DurableConsumerHealthIndicator consumerHealthIndicator(DurableConsumer sagaConsumer) {
        return new DurableConsumerHealthIndicator(sagaConsumer);
    }
}
