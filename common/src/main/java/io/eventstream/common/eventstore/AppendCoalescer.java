package io.eventstream.common.eventstore;

import io.eventstream.proto.eventstore.CreateEventRequest;
import io.eventstream.proto.eventstore.CreateEventResponse;
import io.eventstream.proto.eventstore.CreateEventResult;
import io.eventstream.proto.eventstore.CreateEventsRequest;
import io.eventstream.proto.eventstore.CreateEventsResponse;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the appends that callers of one client make at the same time as one {@code CreateEvents}
 * call instead of one {@code CreateEvent} each: the store's cost is per call (gRPC, TLS, a thread
 * hop), and it group-commits concurrent appends anyway, so fewer calls is the saving.
 *
 * <p>How ("whatever is waiting", never a linger): a caller queues its request; while fewer than
 * {@code inFlight} calls are out, it sends what is waiting (its own and others', at most
 * {@code maxEvents} and about {@code maxBytes}), else it parks until a call ends. So a lone caller
 * sends at once, alone; under load the calls carry more events each by themselves. A batch of one
 * goes as a plain CreateEvent.
 *
 * <p>Each caller gets exactly the answer a CreateEvent of its own would have given: its event's
 * result (a version, a duplicate, or an {@link EventStoreException} with the event's own status
 * code). When the call as a whole fails with UNAVAILABLE, DEADLINE_EXCEEDED, CANCELLED,
 * UNAUTHENTICATED or PERMISSION_DENIED, every caller of it gets that failure (a CreateEvent of its
 * own would have got it too). Any other failure of the whole call (INVALID_ARGUMENT for more
 * events than the store takes, a message too large) says nothing about one event: each caller
 * then sends its own CreateEvent. UNIMPLEMENTED (the original's store, which knows no
 * CreateEvents) is remembered for {@code reprobeAfter}: appends go one CreateEvent each meanwhile.
 */
final class AppendCoalescer {

    private static final Logger log = LoggerFactory.getLogger(AppendCoalescer.class);
    private static final long PARK_NANOS = 20_000_000L;

    /** The two calls, with the client's deadline. */
    interface Calls {
        CreateEventResponse one(CreateEventRequest request);

        CreateEventsResponse many(CreateEventsRequest request);
    }

    private final Calls calls;
    private final int maxEvents;
    private final int maxBytes;
    private final CreateEventsSupport support;
    private final Semaphore senders;
    private final ArrayDeque<Pending> waiting = new ArrayDeque<>();

    AppendCoalescer(Calls calls, int inFlight, int maxEvents, int maxBytes, CreateEventsSupport support) {
        this.calls = calls;
        this.maxEvents = Math.max(1, maxEvents);
        this.maxBytes = maxBytes;
        this.support = support;
        this.senders = new Semaphore(Math.max(1, inFlight));
    }

    /** The event's answer, as a CreateEvent of its own would give it; throws {@link EventStoreException}. */
    AppendResult append(CreateEventRequest request) {
        if (support.assumedMissing()) {
            return alone(request);
        }
        Pending mine = new Pending(request, Thread.currentThread());
        synchronized (waiting) {
            waiting.add(mine);
        }
        boolean interrupted = false;
        try {
            while (!mine.done) {
                if (senders.tryAcquire()) {
                    try {
                        sendWaiting();
                    } finally {
                        senders.release();
                        wakeNext();
                    }
                } else {
                    LockSupport.parkNanos(this, PARK_NANOS);
                    if (Thread.interrupted()) {
                        interrupted = true;
                        if (withdraw(mine)) {
                            throw new EventStoreException(Status.Code.CANCELLED, "interrupted before the append was sent",
                                    null);
                        }
                        // Already on its way: its answer comes within the call's deadline.
                    }
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        if (mine.sendAlone) {
            return alone(request);
        }
        if (mine.failure != null) {
            throw mine.failure;
        }
        return mine.result;
    }

    private AppendResult alone(CreateEventRequest request) {
        try {
            CreateEventResponse response = calls.one(request);
            return AppendResult.of(response);
        } catch (StatusRuntimeException e) {
            throw EventStoreException.from(e);
        }
    }

    /** Sends one call with what is waiting, and answers everyone in it. */
    private void sendWaiting() {
        List<Pending> batch = take();
        if (batch.isEmpty()) {
            return;
        }
        try {
            // Forked: the call carries other callers' events, so it must not end with this caller's
            // cancellation or deadline (the client's own deadline bounds it).
            Context.current().fork().run(() -> send(batch));
        } catch (RuntimeException e) {
            batch.forEach(p -> p.fail(e instanceof EventStoreException s ? s
                    : new EventStoreException(Status.Code.INTERNAL, e.toString(), e)));
        } finally {
            // Never leave a caller parked for ever, whatever happened above.
            batch.forEach(p -> p.finish(false));
        }
    }

    private void send(List<Pending> batch) {
        if (batch.size() == 1) {
            Pending one = batch.get(0);
            try {
                one.succeed(calls.one(one.request));
            } catch (StatusRuntimeException e) {
                one.fail(EventStoreException.from(e));
            }
            return;
        }
        CreateEventsRequest.Builder request = CreateEventsRequest.newBuilder();
        batch.forEach(p -> request.addEvents(p.request));
        CreateEventsResponse response;
        try {
            response = calls.many(request.build());
        } catch (StatusRuntimeException e) {
            failedAsAWhole(batch, e);
            return;
        }
        if (response.getResultsCount() != batch.size()) {
            log.warn("CreateEvents answered {} results for {} events; sending each alone", response.getResultsCount(),
                    batch.size());
            batch.forEach(p -> p.finish(true));
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).settle(response.getResults(i));
        }
    }

    private void failedAsAWhole(List<Pending> batch, StatusRuntimeException e) {
        support.failureOfEach(e, batch.size()).ifPresentOrElse(failure -> batch.forEach(p -> p.fail(failure)),
                () -> batch.forEach(p -> p.finish(true)));
    }

    /** What is waiting, oldest first: at most maxEvents, and past maxBytes only the first. */
    private List<Pending> take() {
        List<Pending> batch = new ArrayList<>();
        long bytes = 0;
        synchronized (waiting) {
            for (Pending next; batch.size() < maxEvents && (next = waiting.peek()) != null; ) {
                int size = next.request.getSerializedSize();
                if (!batch.isEmpty() && bytes + size > maxBytes) {
                    break;
                }
                batch.add(waiting.poll());
                bytes += size;
            }
        }
        return batch;
    }

    /** A sender is done: the oldest waiting caller may send next (parked callers would also wake by themselves). */
    private void wakeNext() {
        Pending next;
        synchronized (waiting) {
            next = waiting.peek();
        }
        if (next != null) {
            LockSupport.unpark(next.owner);
        }
    }

    private boolean withdraw(Pending pending) {
        synchronized (waiting) {
            return waiting.remove(pending);
        }
    }

    /** One caller's request and, once {@link #done}, its answer. Written by one sender, then published by {@code done}. */
    private static final class Pending {
        final CreateEventRequest request;
        final Thread owner;
        AppendResult result;
        EventStoreException failure;
        boolean sendAlone;
        volatile boolean done;

        Pending(CreateEventRequest request, Thread owner) {
            this.request = request;
            this.owner = owner;
        }

        void succeed(CreateEventResponse response) {
            result = AppendResult.of(response);
        }

        void settle(CreateEventResult r) {
            AppendOutcome outcome = AppendOutcome.of(r);
            result = outcome.result();
            failure = outcome.failure();
        }

        void fail(EventStoreException e) {
            if (result == null && failure == null) {
                failure = e;
            }
        }

        /** Publishes the answer (or "send it yourself") and wakes the caller; the first call counts. */
        void finish(boolean alone) {
            if (done) {
                return;
            }
            if (alone) {
                sendAlone = true;
            } else if (result == null && failure == null) {
                failure = new EventStoreException(Status.Code.INTERNAL, "the append got no answer", null);
            }
            done = true;
            LockSupport.unpark(owner);
        }
    }
}
