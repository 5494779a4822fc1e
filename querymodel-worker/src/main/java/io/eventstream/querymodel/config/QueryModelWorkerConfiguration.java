package io.eventstream.querymodel.config;

import io.eventstream.common.consumer.ConsumerProperties;
import io.eventstream.common.consumer.DurableConsumer;
import io.eventstream.common.consumer.DurableConsumerHealthIndicator;
import io.eventstream.common.events.OrderEventTypes;
import io.eventstream.querymodel.jdbc.JdbcReadModel;
import io.eventstream.querymodel.jdbc.ReadModelGenerations;
import io.eventstream.querymodel.jdbc.SwitchMethod;
import io.eventstream.querymodel.jdbc.Transactions;
import io.eventstream.querymodel.messaging.OrderEventHandler;
import io.eventstream.querymodel.messaging.OrderEventTranslator;
import io.eventstream.querymodel.projection.ReadModel;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.Connection;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * Wires the query model worker: every order event in from NATS, the read model in ordersdb
 * out. Flyway migrates ordersdb while the context starts, before the consumer (a
 * SmartLifecycle bean) receives anything. The handler takes batches, so with
 * {@code eventstream.consumer.max-batch} above 1 the consumer hands it several events at once.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ConsumerProperties.class, ReadModelProperties.class})
public class QueryModelWorkerConfiguration {

    public static final String DURABLE_NAME = "query-model-worker";

    /** How a rebuild switches, and so whether the live writes take the switch gate (asks the database only for auto). */
    @Bean
    SwitchMethod switchMethod(DataSource dataSource, ReadModelProperties props) {
        return SwitchMethod.of(props.switchMethod(), new ReadModelGenerations(dataSource)::onCockroachDb);
    }

    @Bean
    ReadModel readModel(DataSource dataSource, SwitchMethod switchMethod) {
        return new JdbcReadModel(new Transactions(dataSource, switchMethod));
    }

    @Bean
    @Profile("!rebuild")
    DurableConsumer queryModelConsumer(Connection nats, OrderEventTypes types, ConsumerProperties props,
            ReadModel readModel, ObjectProvider<MeterRegistry> meters) {
        return new DurableConsumer(nats, types.stream(), props.toSettings(DURABLE_NAME, types.allSubjects()),
                new OrderEventHandler(new OrderEventTranslator(types), readModel), meters.getIfAvailable());
    }

    @Bean
    @Profile("!rebuild")
    DurableConsumerHealthIndicator consumerHealthIndicator(DurableConsumer queryModelConsumer) {
        return new DurableConsumerHealthIndicator(queryModelConsumer);
    }
}
