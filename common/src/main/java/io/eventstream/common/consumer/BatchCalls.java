package io.eventstream.common.consumer;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** The calls a {@link BatchEventHandler} makes at once (appends, reads), and how it waits for them. */
public final class BatchCalls {

    private BatchCalls() {
    }

    /**
     * Waits for every call, so that none is still running when the consumer handles the batch
     * again one message at a time, then returns their results in order, or throws the first
     * failure with the others suppressed in it. Interrupted, it cancels what still runs.
     */
    public static <T> List<T> awaitAll(List<? extends Future<? extends T>> calls) throws Exception {
        List<T> results = new ArrayList<>(calls.size());
        Exception failure = null;
        for (Future<? extends T> call : calls) {
            try {
                results.add(call.get());
            } catch (ExecutionException e) {
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                Exception cause = e.getCause() instanceof Exception c ? c : e;
                if (failure == null) {
                    failure = cause;
                } else {
                    failure.addSuppressed(cause);
                }
            } catch (InterruptedException e) {
                calls.forEach(c -> c.cancel(true));
                Thread.currentThread().interrupt();
                throw e;
            }
        }
        if (failure != null) {
            throw failure;
        }
        return results;
    }

    /**
     * Takes each of {@code count} answers in turn ({@code settle} of its index), all of them even
     * when some throw, then returns the results in order, or throws the first failure with the
     * others suppressed in it: for the outcomes of appends sent together.
     */
    public static <T> List<T> settleEach(int count, IntFunction<T> settle) {
        List<T> results = new ArrayList<>(count);
        RuntimeException failure = null;
        for (int i = 0; i < count; i++) {
            try {
                results.add(settle.apply(i));
            } catch (RuntimeException e) {
                results.add(null);
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        return results;
    }
}
