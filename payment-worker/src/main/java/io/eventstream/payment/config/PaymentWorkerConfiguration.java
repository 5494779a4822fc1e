package io.eventstream.payment.config;

import io.eventstream.common.consumer.ConsumerProperties;
import io.eventstream.common.consumer.ConsumerSettings;
import io.eventstream.common.consumer.DurableConsumer;
import io.eventstream.common.consumer.DurableConsumerHealthIndicator;
import io.eventstream.common.consumer.TakeoverPoint;
import io.eventstream.common.events.OrderEventTypes;
import io.eventstream.common.eventstore.EventStoreClient;
import io.eventstream.payment.debit.PaymentService;
import io.eventstream.payment.debit.Wallets;
import io.eventstream.payment.eventstore.EventStorePaymentEvents;
import io.eventstream.payment.eventstore.EventStorePaymentHistory;
import io.eventstream.payment.jdbc.JdbcWallets;
import io.eventstream.payment.messaging.OrderCreatedHandler;
import io.eventstream.payment.messaging.RefundRequestedHandler;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.Connection;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Wires the payment worker: created orders and refund requests in from NATS (two durable
 * consumers), wallets in paymentsdb, payment events out to the event store.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ConsumerProperties.class, PaymentProperties.class})
public class PaymentWorkerConfiguration {

    public static final String DURABLE_NAME = "payment-worker";

    @Bean
    Wallets wallets(JdbcClient jdbc, PlatformTransactionManager transactions, PaymentProperties props) {
        return new JdbcWallets(jdbc, transactions, props.openingCredit());
    }

    @Bean
    PaymentService paymentService(Wallets wallets, EventStoreClient eventStore, OrderEventTypes types) {
        return new PaymentService(wallets, new EventStorePaymentEvents(eventStore, types));
    }

    /**
     * With eventstream.consumer.max-batch > 1, created orders are handled in batches (see
     * OrderCreatedHandler). The takeover point tells the handler which orders to check against
     * the store's history before debiting (those in the stream when the consumer was created).
     */
    @Bean
    DurableConsumer paymentConsumer(Connection nats, OrderEventTypes types, ConsumerProperties props,
            PaymentService payments, EventStoreClient eventStore, ObjectProvider<MeterRegistry> meters) {
        TakeoverPoint takeoverPoint = new TakeoverPoint();
        DurableConsumer consumer = new DurableConsumer(nats, types.stream(), props.toSettings(DURABLE_NAME,
                types.created()), new OrderCreatedHandler(payments, new EventStorePaymentHistory(eventStore, types),
                        takeoverPoint), meters.getIfAvailable());
        consumer.setTakeoverPoint(takeoverPoint);
        return consumer;
    }

    /** Refunds have a consumer of their own, so a backlog of orders never delays giving money back. */
    @Bean
    DurableConsumer refundConsumer(Connection nats, OrderEventTypes types, ConsumerProperties props,
            PaymentService payments, ObjectProvider<MeterRegistry> meters) {
        ConsumerSettings s = props.toSettings(DURABLE_NAME, types.refundRequested());
        // One at a time (refunds take no batches); the same start policy.
        ConsumerSettings refunds = s.withDurable(s.durableName() + "-refunds", s.filterSubject()).withMaxBatch(1);
        return new DurableConsumer(nats, types.stream(), refunds, new RefundRequestedHandler(payments),
                meters.getIfAvailable());
    }

    @Bean
    DurableConsumerHealthIndicator consumerHealthIndicator(DurableConsumer paymentConsumer) {
        return new DurableConsumerHealthIndicator(paymentConsumer);
    }

    @Bean
    DurableConsumerHealthIndicator refundConsumerHealthIndicator(DurableConsumer refundConsumer) {
        return new DurableConsumerHealthIndicator(refundConsumer);
    }
}
