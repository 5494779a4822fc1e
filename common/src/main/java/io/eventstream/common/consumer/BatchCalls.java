package io.eventstream.common.consumer;

import java.util.ArrayList;
import java.util.List;
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
}
