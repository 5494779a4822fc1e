package io.eventstream.orders;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventstream.common.testing.TestPki;
import io.eventstream.common.testing.FakeEventStore;
import io.eventstream.common.testing.TestInfra;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Ours on the original's ordersdb before the bootstrapper adopted it (its two tables, no
 * {@code reason}, no history): a clear 503 that names the fix, not a 500 on a missing column.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OriginalReadModelNotAdoptedTest {

    static final FakeEventStore STORE = FakeEventStore.started();
    static final String DATABASE = originalOrdersDb();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.grpc.client.channel.eventstore.target", STORE::target);
        registry.add("spring.datasource.url", () -> TestInfra.jdbcUrl(DATABASE));
        registry.add("spring.datasource.username", () -> TestInfra.PG_ADMIN);
        registry.add("eventstream.stream", TestInfra::uniqueStreamName);
        TestPki.register(registry);
        // The original's HTTP clients send no token (README.md, "Moving from the original", step 4).
        registry.add("eventstream.http-auth.enabled", () -> "false");
    }

    @AfterAll
    static void cleanUp() {
        STORE.stop();
        TestInfra.dropDatabase(DATABASE);
    }

    @Test
    void anOrderOfTheOriginalsTablesAnswersAClear503() {
        String orderId = UUID.randomUUID().toString();
        exec(DATABASE, "INSERT INTO orders (id, customerid, status, createdon, restaurantid, amount)"
                + " VALUES ('" + orderId + "', 'c1', 'Approved', '2026-11-20', 'r1', 21)");

        Http.Response response = new Http(port).get("/api/orders/" + orderId);

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.json().get("detail").stringValue()).contains("not been migrated").contains("bootstrapper");
    }

    /** The original's ordersdb, as the contract lists it. */
    private static String originalOrdersDb() {
        String name = TestInfra.createDatabase("orders_orig");
        exec(name, "CREATE TABLE orders (id TEXT PRIMARY KEY, customerid TEXT, status TEXT, createdon DATE,"
                + " restaurantid TEXT, amount FLOAT)");
        exec(name, "CREATE TABLE orderitems (id TEXT PRIMARY KEY, orderid TEXT, customerid TEXT, code TEXT, name TEXT,"
                + " unitprice FLOAT, quantity INT)");
        return name;
    }

    private static void exec(String database, String sql) {
        try (Connection c = DriverManager.getConnection(TestInfra.jdbcUrl(database), TestInfra.PG_ADMIN, "");
             Statement statement = c.createStatement()) {
            statement.execute(sql);
        } catch (Exception e) {
            throw new IllegalStateException(sql, e);
        }
    }
}
