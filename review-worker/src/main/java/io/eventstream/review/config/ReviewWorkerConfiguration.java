package io.eventstream.review.config;

import io.eventstream.common.consumer.ConsumerProperties;
import io.eventstream.common.consumer.DurableConsumer;
import io.eventstream.common.consumer.DurableConsumerHealthIndicator;
import io.eventstream.common.events.OrderEventTypes;
import io.eventstream.common.eventstore.EventStoreClient;
import io.eventstream.review.approval.ReviewRules;
import io.eventstream.review.approval.ReviewService;
import io.eventstream.review.eventstore.EventStoreReviewEvents;
import io.eventstream.review.messaging.PaymentDebitedHandler;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.Connection;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the review worker: payments in from NATS, verdicts (approved, reviewrejected) out to the event store. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ConsumerProperties.class, ReviewProperties.class})
public class ReviewWorkerConfiguration {

    public static final String DURABLE_NAME = "review-worker";

    @Bean
    ReviewService reviewService(EventStoreClient eventStore, OrderEventTypes types, ReviewProperties props) {
        return new ReviewService(new ReviewRules(Set.copyOf(props.closedRestaurants()), props.reviewLimit()),
                new EventStoreReviewEvents(eventStore, types));
    }

    /** Closed (its call threads stopped) after the consumer, which stops first as a lifecycle bean. */
    @Bean
    PaymentDebitedHandler paymentDebitedHandler(ReviewService reviews, ReviewProperties props) {
        AtomicInteger threads = new AtomicInteger();
        ExecutorService calls = Executors.newFixedThreadPool(props.callThreads(), work -> {
            Thread thread = new Thread(work, "review-calls-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        return new PaymentDebitedHandler(reviews, calls);
    }

    @Bean
    DurableConsumer reviewConsumer(Connection nats, OrderEventTypes types, ConsumerProperties props,
            PaymentDebitedHandler handler, ObjectProvider<MeterRegistry> meters) {
        return new DurableConsumer(nats, types.stream(), props.toSettings(DURABLE_NAME, types.paymentDebited()),
                handler, meters.getIfAvailable());
    }

    @Bean
    DurableConsumerHealthIndicator consumerHealthIndicator(DurableConsumer reviewConsumer) {
        return new DurableConsumerHealthIndicator(reviewConsumer);
    }
}
