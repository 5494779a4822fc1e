package io.eventstream.common.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.binder.grpc.GrpcClientObservationContext;
import io.micrometer.core.instrument.binder.grpc.GrpcServerObservationContext;
import io.micrometer.observation.Observation;
import org.junit.jupiter.api.Test;

class EventStreamsUntracedTest {

    private final EventStreamsUntraced predicate = new EventStreamsUntraced();

    @Test
    void getEventsStreamIsNotObservedOnEitherSideAndOtherCallsAre() {
        GrpcServerObservationContext server = new GrpcServerObservationContext((carrier, key) -> null);
        server.setFullMethodName("eventstore.EventStore/GetEventsStream");
        GrpcClientObservationContext client = new GrpcClientObservationContext((carrier, key, value) -> { });
        client.setFullMethodName("eventstore.EventStore/GetEventsStream");
        assertThat(predicate.test("grpc.server", server)).isFalse();
        assertThat(predicate.test("grpc.client", client)).isFalse();

        server.setFullMethodName("eventstore.EventStore/CreateEvent");
        client.setFullMethodName("eventstore.EventStore/GetEvents");
        assertThat(predicate.test("grpc.server", server)).isTrue();
        assertThat(predicate.test("grpc.client", client)).isTrue();
        assertThat(predicate.test("http.server.requests", new Observation.Context())).isTrue();
    }
}
