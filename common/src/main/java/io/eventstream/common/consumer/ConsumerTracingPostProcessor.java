package io.eventstream.common.consumer;

import io.eventstream.common.tracing.EventTracing;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Gives every {@link DurableConsumer} bean the service's {@link EventTracing}, so no worker
 * has to wire it (and a new one, like the saga coordinator, is traced by just existing).
 */
class ConsumerTracingPostProcessor implements BeanPostProcessor {

    private final ObjectProvider<EventTracing> tracing;

    ConsumerTracingPostProcessor(ObjectProvider<EventTracing> tracing) {
        this.tracing = tracing;
    }

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof DurableConsumer consumer) {
            tracing.ifAvailable(consumer::setTracing);
        }
        return bean;
    }
}
