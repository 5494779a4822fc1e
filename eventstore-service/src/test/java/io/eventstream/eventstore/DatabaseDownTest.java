package io.eventstream.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventstream.common.testing.TcpProxy;
import io.eventstream.common.testing.TestInfra;
import io.eventstream.proto.eventstore.CreateEventResponse;
import io.eventstream.proto.eventstore.GetEventsRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.Test;

/** The database goes away under a running store: callers get UNAVAILABLE promptly, and it heals by itself. */
class DatabaseDownTest extends EventStoreTestBase {

    @Test
    void appendsFailFastWithUnavailableWhileTheDatabaseIsDownAndWorkAgainAfter() throws Exception {
        try (TcpProxy db = new TcpProxy(TestInfra.PG_HOST, Integer.parseInt(TestInfra.PG_PORT))) {
            EventStoreInstance store = EventStoreInstance.startAt(
                    "jdbc:postgresql://127.0.0.1:" + db.port() + "/" + database, stream);
            try {
                store.stub().createEvent(request(event("agg", "{\"before\":true}")));
                StreamReader.awaitCount(nats, stream, 1, 10_000);

                db.cut();
                long started = System.nanoTime();
                assertThatThrownBy(() -> store.stub().createEvent(request(event("agg", "{\"during\":true}"))))
                        .isInstanceOfSatisfying(StatusRuntimeException.class,
                                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
                long tookMillis = (System.nanoTime() - started) / 1_000_000;
                assertThat(tookMillis).as("answered before the client's 10 s deadline").isLessThan(9_000);

                db.restore();
                CreateEventResponse after = null;
                long deadline = System.currentTimeMillis() + 20_000;
                while (after == null) {
                    try {
                        after = store.stub().createEvent(request(event("agg", "{\"after\":true}")));
                    } catch (StatusRuntimeException e) {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
                        assertThat(System.currentTimeMillis()).as("recovered in time").isLessThan(deadline);
                        Thread.sleep(200);
                    }
                }
                assertThat(after.getVersion()).isEqualTo(2);
                StreamReader.awaitCount(nats, stream, 2, 15_000);
                assertThat(store.stub().getEvents(GetEventsRequest.newBuilder().setAggregateId("agg").build())
                        .getEventsCount()).isEqualTo(2);
            } finally {
                store.close();
            }
        }
    }
}
