package io.eventstream.common.nats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * The settings bind as the services bind them, from environment variables in their canonical form
 * (a record with two constructors once bound to nothing and failed every service's start).
 */
class NatsPropertiesBindingTest {

    @Test
    void theNkeyFileAndInboxPrefixBindFromTheEnvironment() {
        MutablePropertySources sources = new MutablePropertySources();
        sources.addFirst(new SystemEnvironmentPropertySource("systemEnvironment", Map.of(
                "EVENTSTREAM_NATS_URL", "nats://nats:4222",
                "EVENTSTREAM_NATS_NKEYFILE", "/secrets/nats/payment-worker.nk",
                "EVENTSTREAM_NATS_INBOXPREFIX", "_INBOX.custom")));
        NatsProperties props = new Binder(ConfigurationPropertySources.from(sources))
                .bind("eventstream.nats", NatsProperties.class).get();

        assertThat(props.url()).isEqualTo("nats://nats:4222");
        assertThat(props.nkeyFile()).isEqualTo("/secrets/nats/payment-worker.nk");
        assertThat(props.inboxPrefixFor("payment-worker")).isEqualTo("_INBOX.custom");
        assertThat(props.stream()).isEqualTo("ORDERS");
    }

    @Test
    void withAnNkeyTheInboxIsTheServicesOwnWithoutItJnatsDefault() {
        NatsProperties keyed = new NatsProperties(null, null, null, null, null, false, null, "/k.nk", null);
        assertThat(keyed.inboxPrefixFor("review-worker")).isEqualTo("_INBOX.review-worker");
        assertThat(new NatsProperties(null, null, null, null, null, false, null).inboxPrefixFor("x")).isNull();
        assertThat(keyed.toString()).contains("nkeyFile=/k.nk");
    }
}
