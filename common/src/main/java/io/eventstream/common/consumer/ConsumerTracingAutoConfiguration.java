package io.eventstream.common.consumer;

import io.eventstream.common.tracing.EventTracing;
import io.eventstream.common.tracing.EventTracingAutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Traces every {@link DurableConsumer} bean ({@link ConsumerTracingPostProcessor}). Here and not in
 * {@link EventTracingAutoConfiguration}: the consumer uses tracing, tracing knows no consumer.
 */
@AutoConfiguration(after = EventTracingAutoConfiguration.class)
public class ConsumerTracingAutoConfiguration {

    @Bean
    static ConsumerTracingPostProcessor consumerTracingPostProcessor(ObjectProvider<EventTracing> tracing) {
        return new ConsumerTracingPostProcessor(tracing);
    }
}
