package io.eventstream.common.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventstream.common.testing.LocalGrpcServer;
import io.eventstream.proto.eventstore.Event;
import io.eventstream.proto.eventstore.EventStoreGrpc;
import io.eventstream.proto.eventstore.GetEventsRequest;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link EventStoreClient#follow} against a GetEventsStream served on a real socket. */
class EventStoreClientFollowTest {

    private static final Duration DEADLINE = Duration.ofMillis(300);

    /** The calls the store received, each with the observer it answers on. */
    private record Call(GetEventsRequest request, StreamObserver<Event> events) {
    }

    /** What the listener heard: an Event, or the EventStoreException (or "completed") the stream ended with. */
    private final BlockingQueue<Object> heard = new LinkedBlockingQueue<>();
    private final BlockingQueue<Call> calls = new LinkedBlockingQueue<>();
    private final LiveEvents.Listener listener = new LiveEvents.Listener() {
        @Override
        public void onEvent(Event event) {
            heard.add(event);
        }

        @Override
        public void onEnd(EventStoreException failure) {
            heard.add(failure == null ? "completed" : failure);
        }
    };
    private LocalGrpcServer server;
    private EventStoreClient client;

    @BeforeEach
    void start() {
        server = LocalGrpcServer.start(new EventStoreGrpc.EventStoreImplBase() {
            @Override
            public void getEventsStream(GetEventsRequest request, StreamObserver<Event> responses) {
                calls.add(new Call(request, responses));
            }
        });
        client = new EventStoreClient(server.channel(), DEADLINE);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void followsFromThePositionAndOutlivesTheCallDeadline() throws Exception {
        try (LiveEvents live = client.follow(41, listener)) {
            Call call = nextCall();
            assertThat(call.request().getFollow()).isTrue();
            assertThat(call.request().getFromPosition()).isEqualTo(41);

            Thread.sleep(DEADLINE.multipliedBy(2).toMillis()); // past the deadline a unary call would have
            call.events().onNext(Event.newBuilder().setPosition(42).build());

            Object first = heard.poll(10, TimeUnit.SECONDS);
            assertThat(first).isInstanceOf(Event.class);
            assertThat(((Event) first).getPosition()).isEqualTo(42);
        }
    }

    @Test
    void aBrokenStreamIsReportedOnceAsATransientEventStoreException() throws Exception {
        try (LiveEvents live = client.follow(0, listener)) {
            Call call = nextCall();
            call.events().onNext(Event.newBuilder().setPosition(1).build());
            call.events().onError(Status.UNAVAILABLE.withDescription("database down").asRuntimeException());

            assertThat(((Event) heard.poll(10, TimeUnit.SECONDS)).getPosition()).isEqualTo(1);
            Object end = heard.poll(10, TimeUnit.SECONDS);
            assertThat(end).isInstanceOf(EventStoreException.class);
            EventStoreException failure = (EventStoreException) end;
            assertThat(failure.code()).isEqualTo(Status.Code.UNAVAILABLE);
            assertThat(failure.isTransient()).isTrue();
            assertThat(failure.getMessage()).isEqualTo("database down");
        }
    }

    @Test
    void aStreamTheStoreCompletesEndsWithoutAFailure() throws Exception {
        try (LiveEvents live = client.follow(0, listener)) {
            nextCall().events().onCompleted();

            assertThat(heard.poll(10, TimeUnit.SECONDS)).isEqualTo("completed");
        }
    }

    private Call nextCall() throws InterruptedException {
        Call call = calls.poll(10, TimeUnit.SECONDS);
        assertThat(call).as("the store got the GetEventsStream call").isNotNull();
        return call;
    }
}
