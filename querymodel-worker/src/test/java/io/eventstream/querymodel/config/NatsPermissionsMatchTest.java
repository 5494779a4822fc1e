package io.eventstream.querymodel.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventstream.common.events.OrderEventTypes;
import io.eventstream.common.nats.NatsPermissions;
import org.junit.jupiter.api.Test;

/**
 * The NATS permissions (common's NatsPermissions, written into the server's configuration by
 * bootstrapper nats-auth) name this worker's durables and filters exactly: a rename here without
 * one there would have the server refuse the worker's consumer (docs/security.md, "NATS").
 */
class NatsPermissionsMatchTest {

    @Test
    void thePermissionsNameThisWorkersDurablesAndFilters() {
        OrderEventTypes types = new OrderEventTypes("ORDERS");
        assertThat(NatsPermissions.durables(types).get("querymodel-worker"))
                .containsExactlyInAnyOrderEntriesOf(java.util.Map.of(QueryModelWorkerConfiguration.DURABLE_NAME, types.allSubjects()));
    }
}
