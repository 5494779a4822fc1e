package io.eventstream.loadtool.eventstore;

import io.eventstream.proto.eventstore.CreateEventRequest;
import io.eventstream.proto.eventstore.CreateEventResponse;
import io.eventstream.proto.eventstore.Event;
import io.eventstream.proto.eventstore.EventStoreGrpc;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * {@code concurrency} closed-loop CreateEvent clients on one channel: each keeps exactly one call
 * in flight and starts its next one when the answer arrives. Every call is one CreateEvent of one
 * new event over the channel's mutual TLS, as a service's would be; nothing is batched.
 *
 * <p>The next call starts from the answer's callback, on the channel's Netty thread (the channel
 * runs its callbacks there: {@link EventStoreChannel#open}), not from a thread per client. A
 * blocking stub per client thread cost two thread wake-ups per call (the client's thread for the
 * answer, the Netty thread for the request) on the same two cores as the store it measures.
 */
final class AppendLoop {

    /** What each call came to; called on the Netty thread. */
    interface Outcome {
        void answered(String eventId, long startNanos, long endNanos);

        void failed(long startNanos);
    }

    /** A failed call's client waits this long before its next one: a store that refuses at once is not hammered. */
    private static final Executor AFTER_FAILURE = CompletableFuture.delayedExecutor(10, TimeUnit.MILLISECONDS);

    private final EventStoreGrpc.EventStoreStub stub;
    private final String stream;

    AppendLoop(ManagedChannel channel, String stream) {
        this.stub = EventStoreGrpc.newStub(channel);
        this.stream = stream;
    }

    /** Runs the clients until {@code untilNanos} (System.nanoTime); returns when every client's last call is answered. */
    void run(int concurrency, long untilNanos, Outcome outcome) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(concurrency);
        for (int c = 0; c < concurrency; c++) {
            next(untilNanos, outcome, done);
        }
        done.await();
    }

    private void next(long untilNanos, Outcome outcome, CountDownLatch done) {
        long start = System.nanoTime();
        if (start >= untilNanos) {
            done.countDown();
            return;
        }
        String eventId = randomUuid();
        Event event = Event.newBuilder().setEventId(eventId).setEventType(stream + ".appended")
                .setAggregateId(randomUuid()).setAggregateType("bench")
                .setEventData(EventData.JSON).setStream(stream)
                .putMetadata("Correlation-Id", eventId).build();
        stub.withDeadlineAfter(10, TimeUnit.SECONDS).createEvent(
                CreateEventRequest.newBuilder().setEvent(event).setExpectedVersion(0).build(),
                new StreamObserver<CreateEventResponse>() {
                    @Override
                    public void onNext(CreateEventResponse value) {
                    }

                    @Override
                    public void onError(Throwable t) {
                        outcome.failed(start);
                        AFTER_FAILURE.execute(() -> next(untilNanos, outcome, done));
                    }

                    @Override
                    public void onCompleted() {
                        outcome.answered(eventId, start, System.nanoTime());
                        next(untilNanos, outcome, done);
                    }
                });
    }

    /**
     * A version-4 UUID from the thread's own generator: {@link UUID#randomUUID} draws on the
     * shared SecureRandom, a lock and a SHA-1 per id; ids here need only be unique, not secret.
     */
    static String randomUuid() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & 0xffffffffffff0fffL) | 0x0000000000004000L;
        long low = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }
}
