package io.eventstream.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventstream.proto.eventstore.Event;
import io.eventstream.proto.eventstore.GetEventsRequest;
import io.eventstream.proto.eventstore.GetLogEndRequest;
import io.grpc.Context;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** GetEventsStream: catch-up, then live, never missing or repeating while writers commit out of order. */
class FollowTest extends EventStoreTestBase {

    @Test
    void catchUpWithoutFollowReturnsWhatIsPositionedAndEnds() throws Exception {
        EventStoreInstance store = startInstance();
        assertThat(store.stub().getLogEnd(GetLogEndRequest.getDefaultInstance()).getPosition())
                .as("an empty log ends at 0").isZero();
        for (int i = 0; i < 30; i++) {
            store.stub().createEvent(request(event("agg-" + (i % 4), "{\"i\":" + i + "}")));
        }
        StreamReader.awaitCount(nats, stream, 30, 10_000);
        assertThat(store.stub().getLogEnd(GetLogEndRequest.getDefaultInstance()).getPosition())
                .as("published, so positioned: the log ends at the 30th").isEqualTo(30);

        List<Long> positions = new ArrayList<>();
        store.stub().getEventsStream(GetEventsRequest.newBuilder().setFromPosition(10).build())
                .forEachRemaining(e -> positions.add(e.getPosition()));
        assertThat(positions).containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(11, 30).boxed().toList());

        List<Event> limited = new ArrayList<>();
        store.stub().getEventsStream(GetEventsRequest.newBuilder().setAggregateId("agg-1").setLimit(3).build())
                .forEachRemaining(limited::add);
        assertThat(limited).extracting(Event::getVersion).containsExactly(1L, 2L, 3L);
    }

    @Test
    void aNegativePositionOrLimitIsInvalidArgument() {
        EventStoreInstance store = startInstance();
        for (GetEventsRequest bad : List.of(GetEventsRequest.newBuilder().setFromPosition(-1).build(),
                GetEventsRequest.newBuilder().setLimit(-5).build())) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.stub().getEvents(bad))
                    .hasMessageContaining("INVALID_ARGUMENT");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.stub().getEventsStream(bad).hasNext())
                    .hasMessageContaining("INVALID_ARGUMENT");
        }
    }

    @Test
    void aLiveFollowerSeesEveryEventOnceWhileConcurrentWritersCommit() throws Exception {
        EventStoreInstance store = startInstance();
        EventStoreInstance other = startInstance();
        int writers = 6;
        int perWriter = 50;
        int total = writers * perWriter;
        List<Event> received = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch all = new CountDownLatch(total);
        Context.CancellableContext follow = Context.current().withCancellation();
        follow.run(() -> store.asyncStub().getEventsStream(GetEventsRequest.newBuilder().setFollow(true).build(),
                new StreamObserver<>() {
                    @Override
                    public void onNext(Event e) {
                        received.add(e);
                        all.countDown();
                    }

                    @Override
                    public void onError(Throwable t) {
                    }

                    @Override
                    public void onCompleted() {
                    }
                }));

        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            EventStoreInstance target = w % 2 == 0 ? store : other;
            int writer = w;
            futures.add(pool.submit(() -> {
                for (int i = 0; i < perWriter; i++) {
                    target.stub().createEvent(request(event("w" + writer + "-" + (i % 7), "{\"i\":" + i + "}")));
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertThat(all.await(30, TimeUnit.SECONDS)).as("all events followed").isTrue();
        Thread.sleep(500);
        follow.cancel(null);
        assertThat(received).hasSize(total);
        Iterator<Event> it = received.iterator();
        for (long position = 1; position <= total; position++) {
            assertThat(it.next().getPosition()).isEqualTo(position);
        }
    }

    /**
     * A reader that asks for one event holds its stream back: the store sends what the transport
     * takes (the client's HTTP/2 window, about 1 MiB) and waits, instead of reading the whole log
     * into its memory for a reader that is not reading. When the reader asks for the rest, it gets
     * every event, in order.
     */
    @Test
    void aReaderThatTakesNothingHoldsItsStreamBackThenGetsEveryEvent() throws Exception {
        EventStoreInstance store = startInstance("--eventstream.store.follow-page=100");
        int total = 3000;
        String data = "{\"pad\":\"" + "x".repeat(1000) + "\"}";
        ExecutorService writers = Executors.newFixedThreadPool(8);
        List<Future<?>> appends = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            String aggregate = "agg-" + i;
            appends.add(writers.submit(() -> store.stub().createEvent(request(event(aggregate, data)))));
        }
        for (Future<?> append : appends) {
            append.get(60, TimeUnit.SECONDS);
        }
        writers.shutdown();
        StreamReader.awaitCount(nats, stream, total, 60_000);
        Counter sent = store.bean(MeterRegistry.class).get("eventstore.stream.sent").counter();

        List<Long> positions = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch ended = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicReference<ClientCallStreamObserver<GetEventsRequest>> call = new AtomicReference<>();
        store.asyncStub().getEventsStream(GetEventsRequest.getDefaultInstance(), new ClientResponseObserver<GetEventsRequest, Event>() {
            @Override
            public void beforeStart(ClientCallStreamObserver<GetEventsRequest> requests) {
                requests.disableAutoRequestWithInitial(1);
                call.set(requests);
            }

            @Override
            public void onNext(Event e) {
                positions.add(e.getPosition());
            }

            @Override
            public void onError(Throwable t) {
                failure.set(t);
                ended.countDown();
            }

            @Override
            public void onCompleted() {
                ended.countDown();
            }
        });
        double before;
        do { // until the store stops sending: held back, or (without flow control) done
            before = sent.count();
            Thread.sleep(1000);
        } while (sent.count() > before);

        assertThat(positions).as("the reader asked for one").hasSize(1);
        assertThat(sent.count()).as("events the store sent to a reader that took one of " + total)
                .isGreaterThan(0).isLessThan(total / 2.0);
        call.get().request(total);
        assertThat(ended.await(30, TimeUnit.SECONDS)).as("the stream ended").isTrue();
        assertThat(failure.get()).isNull();
        assertThat(positions).containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
        assertThat(sent.count()).isEqualTo(total);
    }
}
