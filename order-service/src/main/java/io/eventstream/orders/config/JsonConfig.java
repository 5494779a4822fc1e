package io.eventstream.orders.config;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.JsonNodeFeature;

/** JSON numbers stay exact: money is read as BigDecimal, never through a double. */
@Configuration(proxyBeanMethods = false)
class JsonConfig {

    @Bean
    JsonMapperBuilderCustomizer exactNumbers() {
        return builder -> builder
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(JsonNodeFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                // Keep 10.50 as written; the scale check counts significant decimals itself.
                .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
                // A quantity of 2.5 is an error, not 2.
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                // {"customer_id":"a","customer_id":"b"} is ambiguous: refuse it rather than pick one.
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
    }
}
