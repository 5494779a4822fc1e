package io.eventstream.common.eventstore;

import com.google.common.util.concurrent.ListenableFuture;
import io.eventstream.proto.eventstore.CreateEventRequest;
import io.eventstream.proto.eventstore.CreateEventResponse;
import io.eventstream.proto.eventstore.CreateEventsRequest;
import io.eventstream.proto.eventstore.CreateEventsResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends a caller's list of events ({@link EventStoreClient#appendEach}): in as few CreateEvents
 * calls as {@code maxEvents} and {@code maxBytes} allow, all sent at once, and waited for by the
 * caller alone. A worker's batch needs no thread per event for this: with one, each event cost
 * two thread hand-overs, on which payment-worker and review-worker spent 17-21 % of their CPU
 * (BENCHMARKS.md, issue 19, session 22).
 *
 * <p>Each event gets the outcome a CreateEvent of its own would have given, by the same rules as
 * {@link AppendCoalescer}: a whole call failing in a way that says nothing about one event
 * (UNIMPLEMENTED, the original's store; INVALID_ARGUMENT; a message too large; an answer with the
 * wrong count) sends its events one CreateEvent each, again all at once.
 */
final class ListAppender {

    private static final Logger log = LoggerFactory.getLogger(ListAppender.class);

    /** The two calls, asynchronous, with the client's deadline. */
    interface Calls {
        ListenableFuture<CreateEventResponse> one(CreateEventRequest request);

        ListenableFuture<CreateEventsResponse> many(CreateEventsRequest request);
    }

    private final Calls calls;
    private final int maxEvents;
    private final int maxBytes;
    private final CreateEventsSupport support;

    ListAppender(Calls calls, int maxEvents, int maxBytes, CreateEventsSupport support) {
        this.calls = calls;
        this.maxEvents = Math.max(1, maxEvents);
        this.maxBytes = maxBytes;
        this.support = support;
    }

    /** Each request's outcome, in order; throws only when interrupted (CANCELLED, the calls cancelled). */
    List<AppendOutcome> appendEach(List<CreateEventRequest> requests) {
        AppendOutcome[] outcomes = new AppendOutcome[requests.size()];
        List<Integer> alone = new ArrayList<>();
        if (support.assumedMissing()) {
            for (int i = 0; i < requests.size(); i++) {
                alone.add(i);
            }
        } else {
            together(requests, outcomes, alone);
        }
        if (!alone.isEmpty()) {
            List<ListenableFuture<CreateEventResponse>> sent = new ArrayList<>(alone.size());
            alone.forEach(i -> sent.add(calls.one(requests.get(i))));
            for (int k = 0; k < alone.size(); k++) {
                try {
                    CreateEventResponse response = await(sent.get(k), sent);
                    outcomes[alone.get(k)] = AppendOutcome.stored(AppendResult.of(response));
                } catch (StatusRuntimeException e) {
                    outcomes[alone.get(k)] = AppendOutcome.failed(EventStoreException.from(e));
                }
            }
        }
        return List.of(outcomes);
    }

    /** Sends every chunk of two or more as one CreateEvents; what must go alone is added to {@code alone}. */
    private void together(List<CreateEventRequest> requests, AppendOutcome[] outcomes, List<Integer> alone) {
        List<int[]> chunks = chunks(requests);
        List<ListenableFuture<CreateEventsResponse>> sent = new ArrayList<>(chunks.size());
        for (int[] chunk : chunks) {
            if (chunk[1] - chunk[0] == 1) {
                sent.add(null);
                alone.add(chunk[0]);
            } else {
                sent.add(calls.many(CreateEventsRequest.newBuilder()
                        .addAllEvents(requests.subList(chunk[0], chunk[1])).build()));
            }
        }
        for (int c = 0; c < chunks.size(); c++) {
            if (sent.get(c) == null) {
                continue;
            }
            int from = chunks.get(c)[0];
            int to = chunks.get(c)[1];
            try {
                CreateEventsResponse response = await(sent.get(c), sent);
                if (response.getResultsCount() != to - from) {
                    log.warn("CreateEvents answered {} results for {} events; sending each alone",
                            response.getResultsCount(), to - from);
                    addRange(alone, from, to);
                    continue;
                }
                for (int i = from; i < to; i++) {
                    outcomes[i] = AppendOutcome.of(response.getResults(i - from));
                }
            } catch (StatusRuntimeException e) {
                Optional<EventStoreException> failure = support.failureOfEach(e, to - from);
                if (failure.isPresent()) {
                    for (int i = from; i < to; i++) {
                        outcomes[i] = AppendOutcome.failed(failure.get());
                    }
                } else {
                    addRange(alone, from, to);
                }
            }
        }
        alone.sort(null);
    }

    /** [from, to) ranges in order: at most maxEvents each, and past maxBytes only the first. */
    private List<int[]> chunks(List<CreateEventRequest> requests) {
        List<int[]> chunks = new ArrayList<>();
        int from = 0;
        long bytes = 0;
        for (int i = 0; i < requests.size(); i++) {
            int size = requests.get(i).getSerializedSize();
            if (i > from && (i - from == maxEvents || bytes + size > maxBytes)) {
                chunks.add(new int[] {from, i});
                from = i;
                bytes = 0;
            }
            bytes += size;
        }
        if (from < requests.size()) {
            chunks.add(new int[] {from, requests.size()});
        }
        return chunks;
    }

    private static void addRange(List<Integer> list, int from, int to) {
        for (int i = from; i < to; i++) {
            list.add(i);
        }
    }

    /** The call's answer, or its StatusRuntimeException; interrupted, every call of the list is cancelled. */
    private static <T> T await(ListenableFuture<T> call, List<? extends Future<?>> all) {
        try {
            return call.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof StatusRuntimeException s) {
                throw s;
            }
            throw Status.INTERNAL.withDescription(String.valueOf(e.getCause())).withCause(e.getCause())
                    .asRuntimeException();
        } catch (InterruptedException e) {
            all.forEach(f -> {
                if (f != null) {
                    f.cancel(true);
                }
            });
            Thread.currentThread().interrupt();
            throw new EventStoreException(Status.Code.CANCELLED, "interrupted while appending", e);
        }
    }
}
