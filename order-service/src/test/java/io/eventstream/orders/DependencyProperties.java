package io.eventstream.orders;

import io.eventstream.common.testing.FakeEventStore;
import io.eventstream.common.testing.TestInfra;
import io.eventstream.common.testing.TestTokens;
import io.eventstream.common.testing.TestPki;
import java.util.function.Supplier;
import org.springframework.test.context.DynamicPropertyRegistry;

/** Points an order-service Spring test at its own fake event store, read-model database, stream and token key. */
public final class DependencyProperties {

    static void register(DynamicPropertyRegistry registry, FakeEventStore store, ReadModelDatabase db,
                         Supplier<Object> stream) {
        register(registry, store::target, db, stream);
    }

    /** The same with another event store at {@code storeTarget} that speaks TestPki's TLS (the board's log). */
    public static void register(DynamicPropertyRegistry registry, Supplier<Object> storeTarget, ReadModelDatabase db,
                                Supplier<Object> stream) {
        registry.add("spring.grpc.client.channel.eventstore.target", storeTarget);
        TestPki.register(registry);
        registry.add("spring.datasource.url", () -> db.url);
        registry.add("spring.datasource.username", () -> TestInfra.PG_ADMIN);
        registry.add("eventstream.stream", stream);
        registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location", TestTokens::publicKeyLocation);
    }

    private DependencyProperties() {
    }
}
