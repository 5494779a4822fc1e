package io.eventstream.eventstore.grpc;

import io.grpc.stub.ServerCallStreamObserver;
import java.util.function.BooleanSupplier;

/**
 * Holds a streaming call's sender back until gRPC says the call can take another message without
 * buffering it ({@link ServerCallStreamObserver#isReady()}). Without it a catch-up over a large log
 * reads and queues events as fast as the database gives them, whatever the reader takes: a slow
 * reader of millions of events would fill the store's memory with messages waiting for the socket.
 *
 * <p>Made on the call's own thread, before the service method returns: gRPC accepts the ready
 * handler only then. The sender waits on another thread, in steps of at most {@link #STEP_MILLIS},
 * so that a cancelled call or a stopping store is noticed even if no ready signal comes.
 */
final class ReadyGate {

    private static final long STEP_MILLIS = 100;

    private final ServerCallStreamObserver<?> call;
    private final Object signal = new Object();

    ReadyGate(ServerCallStreamObserver<?> call) {
        this.call = call;
        call.setOnReadyHandler(this::wake);
    }

    /**
     * Returns at once while the call is ready; otherwise waits until it is.
     *
     * @return false, without waiting further, once the call is cancelled or {@code keepWaiting} says no
     */
    boolean awaitReady(BooleanSupplier keepWaiting) throws InterruptedException {
        if (call.isReady()) {
            return true;
        }
        synchronized (signal) {
            while (!call.isReady()) {
                if (call.isCancelled() || !keepWaiting.getAsBoolean()) {
                    return false;
                }
                signal.wait(STEP_MILLIS);
            }
        }
        return true;
    }

    /** The call's ready handler: a waiting sender looks again. */
    void wake() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }
}
