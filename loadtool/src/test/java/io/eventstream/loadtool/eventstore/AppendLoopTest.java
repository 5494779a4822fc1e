package io.eventstream.loadtool.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventstream.common.testing.LocalGrpcServer;
import io.eventstream.proto.eventstore.CreateEventRequest;
import io.eventstream.proto.eventstore.CreateEventResponse;
import io.eventstream.proto.eventstore.EventStoreGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The closed loop against a real gRPC server that answers each CreateEvent after a moment. */
class AppendLoopTest {

    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();
    private final AtomicInteger calls = new AtomicInteger();
    private final Set<String> received = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();
    private volatile boolean refuse;
    /**
     * Answers held until this many calls have arrived (0: none held): whether every client has a
     * call in flight at once must not depend on how fast a busy machine starts the clients.
     */
    private volatile int holdUntil;
    private final List<Runnable> held = new ArrayList<>();
    private LocalGrpcServer server;
    private ManagedChannel channel;

    @BeforeEach
    void start() {
        server = LocalGrpcServer.start(new EventStoreGrpc.EventStoreImplBase() {
            @Override
            public void createEvent(CreateEventRequest request, StreamObserver<CreateEventResponse> response) {
                mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                calls.incrementAndGet();
                received.add(request.getEvent().getEventId());
                Runnable answer = () -> later.schedule(() -> {
                    inFlight.decrementAndGet();
                    if (refuse) {
                        response.onError(Status.UNAVAILABLE.asRuntimeException());
                        return;
                    }
                    response.onNext(CreateEventResponse.newBuilder().setIsSuccess(true).setVersion(1).build());
                    response.onCompleted();
                }, 2, TimeUnit.MILLISECONDS);
                synchronized (held) {
                    if (held.size() < holdUntil) {
                        held.add(answer);
                        if (held.size() == holdUntil) {
                            held.forEach(Runnable::run);
                            held.clear();
                            holdUntil = 0;
                        }
                        return;
                    }
                }
                answer.run();
            }
        });
        // The loadtool's own channel (what it runs with), not the server's plaintext one.
        channel = EventStoreChannel.open("127.0.0.1:" + server.port(), false, Path.of("unused"));
    }

    @AfterEach
    void stop() throws Exception {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.close();
        later.shutdownNow();
    }

    @Test
    void eachClientKeepsOneCallOfOneNewEventInFlightUntilTheEnd() throws Exception {
        Set<String> answered = ConcurrentHashMap.newKeySet();
        AtomicInteger failed = new AtomicInteger();
        holdUntil = 8;
        // With fewer clients than that the answers would wait forever: let them go after a second.
        later.schedule(() -> {
            synchronized (held) {
                holdUntil = 0;
                held.forEach(Runnable::run);
                held.clear();
            }
        }, 1, TimeUnit.SECONDS);
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500);
        new AppendLoop(channel, "LOADTOOL").run(8, until, new AppendLoop.Outcome() {
            @Override
            public void answered(String eventId, long startNanos, long endNanos) {
                assertThat(endNanos).isGreaterThan(startNanos);
                answered.add(eventId);
            }

            @Override
            public void failed(long startNanos) {
                failed.incrementAndGet();
            }
        });

        assertThat(inFlight).hasValue(0);
        assertThat(mostInFlight.get()).isEqualTo(8);
        assertThat(failed).hasValue(0);
        // A client goes on at once: a loop that made one call each, or waited for the end, would make 8.
        // Not a speed check: 2 ms calls allow ~6,000 in 1.5 s, and a busy CI machine made only 354.
        assertThat(calls.get()).as("calls").isGreaterThan(8 * 4);
        assertThat(answered).hasSize(calls.get()).isEqualTo(received);
    }

    @Test
    void aRefusedCallCountsAsFailedAndTheClientGoesOn() throws Exception {
        refuse = true;
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger answered = new AtomicInteger();
        new AppendLoop(channel, "LOADTOOL").run(2, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200),
                new AppendLoop.Outcome() {
                    @Override
                    public void answered(String eventId, long startNanos, long endNanos) {
                        answered.incrementAndGet();
                    }

                    @Override
                    public void failed(long startNanos) {
                        failed.incrementAndGet();
                    }
                });

        assertThat(answered).hasValue(0);
        assertThat(failed.get()).isEqualTo(calls.get()).isGreaterThan(2);
    }

    @Test
    void idsAreVersionFourUuids() {
        UUID id = UUID.fromString(AppendLoop.randomUuid());
        assertThat(id.version()).isEqualTo(4);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(AppendLoop.randomUuid()).isNotEqualTo(AppendLoop.randomUuid());
    }
}
