package io.eventstream.payment.config;

import io.eventstream.common.consumer.ConsumerProperties;
import io.eventstream.common.consumer.DurableConsumer;
import io.eventstream.common.consumer.DurableConsumerHealthIndicator;
import io.eventstream.common.events.OrderEventTypes;
import io.eventstream.common.eventstore.EventStoreClient;
import io.eventstream.common.eventstore.IdempotentAppender;
import io.eventstream.payment.debit.PaymentService;
import io.eventstream.payment.eventstore.EventStorePaymentEvents;
import io.eventstream.payment.messaging.OrderCreatedHandler;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.Connection;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the payment worker: created orders in from NATS, payment events out to the event store. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ConsumerProperties.class)
public class PaymentWorkerConfiguration {

    public static final String DURABLE_NAME = "payment-worker";

    @Bean
    PaymentService paymentService(EventStoreClient eventStore, OrderEventTypes types) {
        return new PaymentService(new EventStorePaymentEvents(new IdempotentAppender(eventStore), types));
    }

    @Bean
    DurableConsumer paymentConsumer(Connection nats, OrderEventTypes types, ConsumerProperties props,
            PaymentService payments, ObjectProvider<MeterRegistry> meters) {
        return new DurableConsumer(nats, types.stream(), props.toSettings(DURABLE_NAME, types.created()),
                new OrderCreatedHandler(payments), meters.getIfAvailable());
    }

    @Bean
    DurableConsumerHealthIndicator consumerHealthIndicator(DurableConsumer paymentConsumer) {
        return new DurableConsumerHealthIndicator(paymentConsumer);
    }
}
