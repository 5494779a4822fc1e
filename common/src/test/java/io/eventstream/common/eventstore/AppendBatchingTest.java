package io.eventstream.common.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventstream.common.testing.LocalGrpcServer;
import io.eventstream.proto.eventstore.CreateEventRequest;
import io.eventstream.proto.eventstore.CreateEventResponse;
import io.eventstream.proto.eventstore.CreateEventResult;
import io.eventstream.proto.eventstore.CreateEventsRequest;
import io.eventstream.proto.eventstore.CreateEventsResponse;
import io.eventstream.proto.eventstore.Event;
import io.eventstream.proto.eventstore.EventStoreGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link EventStoreClient}'s appends made at the same time, against a store on a real socket:
 * sent together as one CreateEvents, each caller answered with its own event's outcome; against a
 * store without CreateEvents (the original's), one CreateEvent each, and that remembered.
 */
class AppendBatchingTest {

    private final ExecutorService callers = Executors.newFixedThreadPool(12);
    /** Every CreateEvent the store received; the first one is held until {@link #releaseFirst}. */
    private final List<CreateEventRequest> singles = new CopyOnWriteArrayList<>();
    private final List<CreateEventsRequest> batches = new CopyOnWriteArrayList<>();
    private final AtomicInteger unimplementedAnswers = new AtomicInteger();
    /** When set, every CreateEvents call fails with it as a whole. */
    private volatile Status batchesFailWith;
    private final CountDownLatch firstArrived = new CountDownLatch(1);
    private final CountDownLatch releaseFirst = new CountDownLatch(1);
    private LocalGrpcServer server;

    @AfterEach
    void stop() throws Exception {
        releaseFirst.countDown();
        callers.shutdownNow();
        server.close();
    }

    @Test
    void appendsMadeWhileACallIsOutGoTogetherAndEachGetsItsOwnOutcome() throws Exception {
        EventStoreClient client = start(true);
        Future<AppendResult> first = callers.submit(() -> client.append(event("first", "o-0")));
        assertThat(firstArrived.await(5, TimeUnit.SECONDS)).isTrue();
        List<Future<AppendResult>> rest = new ArrayList<>();
        for (int i = 1; i <= 9; i++) {
            String id = i == 4 ? "refused" : i == 7 ? "bad" : "e-" + i;
            rest.add(callers.submit(() -> client.append(event(id, "o-" + id))));
        }
        Thread.sleep(300); // all nine are waiting behind the first call
        releaseFirst.countDown();

        assertThat(first.get(5, TimeUnit.SECONDS).version()).isEqualTo(1);
        for (int i = 1; i <= 9; i++) {
            Future<AppendResult> outcome = rest.get(i - 1);
            if (i == 4) {
                assertFailure(outcome, Status.Code.PERMISSION_DENIED, "may not append");
            } else if (i == 7) {
                assertFailure(outcome, Status.Code.INVALID_ARGUMENT, "not valid JSON");
            } else {
                AppendResult result = outcome.get(5, TimeUnit.SECONDS);
                assertThat(result.version()).isEqualTo(10L + i);
                assertThat(result.duplicate()).isEqualTo(i == 2);
            }
        }
        assertThat(singles).extracting(r -> r.getEvent().getEventId()).containsExactly("first");
        assertThat(batches).singleElement().satisfies(b -> assertThat(b.getEventsCount()).isEqualTo(9));
    }

    @Test
    void againstAStoreWithoutCreateEventsEachAppendIsACreateEventOfItsOwnAndThatIsRemembered() throws Exception {
        EventStoreClient client = start(false);
        for (int round = 0; round < 2; round++) {
            Future<AppendResult> first = callers.submit(() -> client.append(event("first", "o-0")));
            assertThat(firstArrived.await(5, TimeUnit.SECONDS)).isTrue();
            List<Future<AppendResult>> rest = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                int n = i;
                rest.add(callers.submit(() -> client.append(event("r" + n, "o-" + n))));
            }
            Thread.sleep(300);
            releaseFirst.countDown();
            assertThat(first.get(5, TimeUnit.SECONDS).version()).isEqualTo(1);
            for (int i = 1; i <= 5; i++) {
                assertThat(rest.get(i - 1).get(5, TimeUnit.SECONDS).version()).isEqualTo(10L + i);
            }
        }
        // Asked once: the five waiting appends of the first round went as one CreateEvents, the
        // store answered UNIMPLEMENTED, each went alone; the second round did not ask again.
        assertThat(unimplementedAnswers).hasValue(1);
        assertThat(singles).hasSize(12);
    }

    @Test
    void withBatchingOffEveryAppendIsACreateEvent() throws Exception {
        EventStoreClient client = new EventStoreClient(channelTo(true), Duration.ofSeconds(5),
                io.eventstream.common.tracing.EventTracing.noop(), AppendBatching.off());
        releaseFirst.countDown();
        List<Future<AppendResult>> all = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            int n = i;
            all.add(callers.submit(() -> client.append(event("e-" + n, "o-" + n))));
        }
        for (Future<AppendResult> f : all) {
            f.get(5, TimeUnit.SECONDS);
        }
        assertThat(singles).hasSize(6);
        assertThat(batches).isEmpty();
    }

    @Test
    void aListGoesAsOneCreateEventsAndEachEventGetsItsOwnOutcome() throws Exception {
        EventStoreClient client = start(true);

        List<AppendOutcome> outcomes = client.appendEach(List.of(next("e-1"), next("refused"), next("bad"), next("e-2")));

        assertThat(outcomes.get(0).orThrow()).isEqualTo(new AppendResult(11, false));
        assertThat(outcomes.get(1).failure().code()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(outcomes.get(1).failure()).hasMessageContaining("may not append");
        assertThat(outcomes.get(2).failure().code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(outcomes.get(3).orThrow()).isEqualTo(new AppendResult(12, true));
        assertThat(batches).singleElement().satisfies(b -> assertThat(b.getEventsList())
                .extracting(r -> r.getEvent().getEventId()).containsExactly("e-1", "refused", "bad", "e-2"));
        assertThat(singles).isEmpty();
    }

    @Test
    void aListLongerThanMaxEventsGoesInCallsOfAtMostThatManyAndALoneRestAsACreateEvent() throws Exception {
        EventStoreClient client = new EventStoreClient(channelTo(true), Duration.ofSeconds(5),
                io.eventstream.common.tracing.EventTracing.noop(), new AppendBatching(true, 1, 3, null, null));

        List<AppendOutcome> outcomes = client.appendEach(List.of(next("e-1"), next("e-3"), next("e-4"), next("e-5"),
                next("e-6"), next("e-7"), next("e-8")));

        assertThat(outcomes).extracting(o -> o.orThrow().version()).containsExactly(11L, 13L, 14L, 15L, 16L, 17L, 18L);
        assertThat(batches).extracting(CreateEventsRequest::getEventsCount).containsExactlyInAnyOrder(3, 3);
        assertThat(singles).extracting(r -> r.getEvent().getEventId()).containsExactly("e-8");
    }

    @Test
    void againstAStoreWithoutCreateEventsAListGoesOneCreateEventEachAndThatIsRemembered() throws Exception {
        EventStoreClient client = start(false);

        for (int round = 0; round < 2; round++) {
            List<AppendOutcome> outcomes = client.appendEach(List.of(next("e-1"), next("refused"), next("e-3")));
            assertThat(outcomes.get(0).orThrow().version()).isEqualTo(11);
            assertThat(outcomes.get(1).failure().code()).isEqualTo(Status.Code.PERMISSION_DENIED);
            assertThat(outcomes.get(2).orThrow().version()).isEqualTo(13);
        }
        assertThat(unimplementedAnswers).hasValue(1);
        assertThat(singles).hasSize(6);
    }

    @Test
    void aListWhoseCallFailsAsAWholeUnavailableGivesEveryEventThatFailure() throws Exception {
        EventStoreClient client = start(true);
        batchesFailWith = Status.UNAVAILABLE.withDescription("store restarting");

        List<AppendOutcome> outcomes = client.appendEach(List.of(next("e-1"), next("e-3")));

        assertThat(outcomes).allSatisfy(o -> {
            assertThat(o.succeeded()).isFalse();
            assertThat(o.failure().code()).isEqualTo(Status.Code.UNAVAILABLE);
        });
        assertThat(singles).isEmpty(); // not sent again alone: a CreateEvent would have failed the same way
    }

    @Test
    void aListWhoseCallIsRefusedAsAWholeForItsSizeSendsEachAlone() throws Exception {
        EventStoreClient client = start(true);
        batchesFailWith = Status.INVALID_ARGUMENT.withDescription("at most 1 events in one call");

        List<AppendOutcome> outcomes = client.appendEach(List.of(next("e-1"), next("e-3")));

        assertThat(outcomes).extracting(o -> o.orThrow().version()).containsExactly(11L, 13L);
        assertThat(singles).hasSize(2);
    }

    private static EventToAppend next(String id) {
        return EventToAppend.atNextVersion(event(id, "o-" + id));
    }

    private static void assertFailure(Future<AppendResult> outcome, Status.Code code, String message) {
        assertThatThrownBy(() -> outcome.get(5, TimeUnit.SECONDS)).cause()
                .isInstanceOfSatisfying(EventStoreException.class, e -> {
                    assertThat(e.code()).isEqualTo(code);
                    assertThat(e.getMessage()).contains(message);
                });
    }

    private EventStoreClient start(boolean withCreateEvents) throws Exception {
        return new EventStoreClient(channelTo(withCreateEvents), Duration.ofSeconds(5));
    }

    private ManagedChannel channelTo(boolean withCreateEvents) {
        server = LocalGrpcServer.start(new Store(withCreateEvents));
        return server.channel();
    }

    private static Event event(String id, String aggregate) {
        return Event.newBuilder().setEventId(id).setEventType("ORDERS.created").setAggregateId(aggregate)
                .setAggregateType("order").setEventData("{}").setStream("ORDERS").build();
    }

    /**
     * Answers event "first" with version 1 (after {@link #releaseFirst}), "e-n" and "rn" with 10 + n
     * ("e-2" as a duplicate), "refused" PERMISSION_DENIED, "bad" INVALID_ARGUMENT.
     */
    private final class Store extends EventStoreGrpc.EventStoreImplBase {
        private final boolean withCreateEvents;

        Store(boolean withCreateEvents) {
            this.withCreateEvents = withCreateEvents;
        }

        @Override
        public void createEvent(CreateEventRequest request, StreamObserver<CreateEventResponse> response) {
            singles.add(request);
            if (request.getEvent().getEventId().equals("first")) {
                firstArrived.countDown();
                try {
                    releaseFirst.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            CreateEventResult result = outcome(request);
            if (result.getCode() != 0) {
                response.onError(Status.fromCodeValue(result.getCode()).withDescription(result.getMessage())
                        .asRuntimeException());
                return;
            }
            response.onNext(CreateEventResponse.newBuilder().setIsSuccess(true).setVersion(result.getVersion())
                    .setDuplicate(result.getDuplicate()).build());
            response.onCompleted();
        }

        @Override
        public void createEvents(CreateEventsRequest request, StreamObserver<CreateEventsResponse> response) {
            if (!withCreateEvents) {
                unimplementedAnswers.incrementAndGet();
                super.createEvents(request, response);
                return;
            }
            batches.add(request);
            if (batchesFailWith != null) {
                response.onError(batchesFailWith.asRuntimeException());
                return;
            }
            CreateEventsResponse.Builder answer = CreateEventsResponse.newBuilder();
            request.getEventsList().forEach(r -> answer.addResults(outcome(r)));
            response.onNext(answer.build());
            response.onCompleted();
        }

        private static CreateEventResult outcome(CreateEventRequest request) {
            String id = request.getEvent().getEventId();
            return switch (id) {
                case "first" -> CreateEventResult.newBuilder().setVersion(1).build();
                case "refused" -> CreateEventResult.newBuilder().setCode(Status.Code.PERMISSION_DENIED.value())
                        .setMessage("identity 'x' may not append event type 'created'").build();
                case "bad" -> CreateEventResult.newBuilder().setCode(Status.Code.INVALID_ARGUMENT.value())
                        .setMessage("event_data is not valid JSON").build();
                default -> CreateEventResult.newBuilder()
                        .setVersion(10 + Long.parseLong(id.substring(id.startsWith("e-") ? 2 : 1)))
                        .setDuplicate(id.equals("e-2")).build();
            };
        }
    }
}
