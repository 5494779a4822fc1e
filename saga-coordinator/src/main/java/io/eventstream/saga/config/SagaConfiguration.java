package io.eventstream.saga.config;

import io.eventstream.common.consumer.ConsumerProperties;
import io.eventstream.common.consumer.DurableConsumer;
import io.eventstream.common.consumer.DurableConsumerHealthIndicator;
import io.eventstream.common.events.OrderEventTypes;
import io.eventstream.common.eventstore.EventStoreClient;
import io.eventstream.saga.deadline.DeadlineScanner;
import io.eventstream.saga.eventstore.EventStoreOrderHistory;
import io.eventstream.saga.events.StepReader;
import io.eventstream.saga.jdbc.JdbcSagaStore;
import io.eventstream.saga.messaging.OrderEventHandler;
import io.eventstream.saga.process.Saga;
import io.eventstream.saga.process.SagaStore;
import io.eventstream.saga.messaging.SagaMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nats.client.Connection;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** Wires the coordinator: every order event in from NATS, the saga over the event store, state in sagadb. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ConsumerProperties.class, SagaProperties.class})
public class SagaConfiguration {

    public static final String DURABLE_NAME = "saga-coordinator";

    @Bean
    SagaStore sagaStore(JdbcTemplate jdbc) {
        return new JdbcSagaStore(jdbc);
    }

    @Bean
    Saga saga(EventStoreClient eventStore, OrderEventTypes types, SagaStore store, SagaProperties props) {
        return new Saga(new EventStoreOrderHistory(eventStore, types), store, props.deadline(), Clock.systemUTC());
    }

    @Bean
    DeadlineScanner deadlineScanner(SagaStore store, Saga saga, SagaProperties props) {
        return new DeadlineScanner(store, saga, Clock.systemUTC(), props.scanBatch());
    }

    @Bean
    DurableConsumer sagaConsumer(Connection nats, OrderEventTypes types, ConsumerProperties props, Saga saga,
            ObjectProvider<MeterRegistry> meters) {
        return new DurableConsumer(nats, types.stream(), props.toSettings(DURABLE_NAME, types.allSubjects()),
                new OrderEventHandler(saga, new SagaMetrics(meters.getIfAvailable(SimpleMeterRegistry::new)),
                        new StepReader(types)),
                meters.getIfAvailable());
    }

    @Bean
    DurableConsumerHealthIndicator consumerHealthIndicator(DurableConsumer sagaConsumer) {
        return new DurableConsumerHealthIndicator(sagaConsumer);
    }
}
