package io.eventstream.orders;

import io.eventstream.common.testing.FakeEventStore;
import io.eventstream.common.testing.TestInfra;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The order API over real HTTP, with a real PostgreSQL read model and a fake event store
 * behind a real gRPC socket: the setup the order API tests share.
 *
 * <p>The store, database and stream are static here, so every subclass gets the same Spring
 * context (same configuration, cached), as when these tests were one class. They are stopped
 * and dropped once, after the last test of the run, not after each subclass, which would pull
 * them from under the next one that reuses the cached context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OrderApiFixture.CleanUp.class)
abstract class OrderApiFixture {

    static final String STREAM = TestInfra.uniqueStreamName();
    static final FakeEventStore STORE = FakeEventStore.started();
    static final ReadModelDatabase DB = ReadModelDatabase.create();

    static final String VALID = """
            {"customer_id":"c1","restaurant_id":"r1",
             "order_items":[{"code":"p1","name":"Pizza","unit_price":10.5,"quantity":2}]}""";

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        DependencyProperties.register(registry, STORE, DB, () -> STREAM);
    }

    Http http() {
        return new Http(port);
    }

    /** Stops the store and drops the database when the root store closes: once, at the end of the run. */
    static final class CleanUp implements BeforeAllCallback {

        @Override
        public void beforeAll(ExtensionContext context) {
            context.getRoot().getStore(ExtensionContext.Namespace.create(OrderApiFixture.class))
                    .computeIfAbsent(CleanUp.class, key -> (AutoCloseable) () -> {
                        STORE.stop();
                        DB.drop();
                    }, AutoCloseable.class);
        }
    }
}
