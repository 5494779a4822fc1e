package io.eventstream.common.consumer;

import io.nats.client.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What has arrived, on its way to the handler threads: back-pressure and batching.
 *
 * <p>A slot per message received and not yet acked: {@link #dispatch} runs on the consumer's
 * dispatcher thread and waits there for a free slot, so the consumer never holds more than its
 * threads take. One message at a time, each goes to a handler thread; in batch mode (a
 * {@link BatchEventHandler} and {@code maxBatch > 1}) it waits in a queue, and each of
 * {@code parallelism} threads takes what has arrived, up to {@code maxBatch} messages.
 *
 * <p>Once {@link #close()}d (a stop), whatever arrives or still waits goes back to the server at once.
 */
final class Intake {

    private final ConsumerSettings settings;
    private final boolean batches;
    private final Handling handling;
    private final Outcomes outcomes;
    private final Semaphore slots;
    /** In batch mode: messages received and not yet taken by a batch. */
    private final BlockingQueue<Message> waiting = new LinkedBlockingQueue<>();
    /** In batch mode: held by the one thread gathering a batch. */
    private final ReentrantLock gathering = new ReentrantLock();
    private volatile boolean open;
    private volatile ExecutorService workers;

    Intake(ConsumerSettings settings, boolean batches, Handling handling, Outcomes outcomes) {
        this.settings = settings;
        this.batches = batches;
        this.handling = handling;
        this.outcomes = outcomes;
        this.slots = new Semaphore(batches ? settings.pullBatchSize() : settings.parallelism());
    }

    /** Starts taking messages onto these handler threads (in batch mode, starts the batch threads on them). */
    void open(ExecutorService workers) {
        this.workers = workers;
        open = true;
        if (batches) {
            for (int i = 0; i < settings.parallelism(); i++) {
                workers.execute(this::takeBatches);
            }
        }
    }

    /** From here every message that arrives is handed back at once. */
    void close() {
        open = false;
    }

    /** Runs on the consumer's dispatcher thread: blocking here is the back-pressure. */
    void dispatch(Message msg) {
        try {
            // Waits for a free slot, but not past a stop: a message waiting here goes back at once.
            while (!slots.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                if (!open) {
                    outcomes.handBack(msg);
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcomes.handBack(msg);
            return;
        }
        if (!open) {
            slots.release();
            outcomes.handBack(msg);
            return;
        }
        if (batches) {
            waiting.add(msg);
            return;
        }
        try {
            workers.execute(() -> {
                try {
                    handling.one(msg);
                } finally {
                    slots.release();
                }
            });
        } catch (RejectedExecutionException stopping) {
            slots.release();
            outcomes.handBack(msg);
        }
    }

    /**
     * A batch thread: takes what has arrived, up to maxBatch messages, and handles it; so under
     * load batches grow by themselves. With a linger, a batch that is not full waits up to that
     * long for more: at moderate load, one transaction per message cost more than the wait. One
     * thread gathers at a time (else each of the others would take the next message and linger
     * with a batch of one); it hands the gathering on before it handles its batch.
     */
    private void takeBatches() {
        List<Message> batch = new ArrayList<>(settings.maxBatch());
        while (open) {
            try {
                gathering.lockInterruptibly();
                try {
                    if (!open) {
                        return;
                    }
                    Message first = waiting.poll(200, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    batch.add(first);
                    waiting.drainTo(batch, settings.maxBatch() - 1);
                    linger(batch);
                } finally {
                    gathering.unlock();
                }
                handling.batch(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                slots.release(batch.size());
                batch.clear();
            }
        }
    }

    private void linger(List<Message> batch) throws InterruptedException {
        long deadline = System.nanoTime() + settings.linger().toNanos();
        while (batch.size() < settings.maxBatch() && open) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            Message more = waiting.poll(left, TimeUnit.NANOSECONDS);
            if (more == null) {
                return;
            }
            batch.add(more);
            waiting.drainTo(batch, settings.maxBatch() - batch.size());
        }
    }

    /**
     * Batch mode: what no batch took goes back at once, for another instance (a batch thread
     * that already took a message finishes it: the queue hands each message out once).
     */
    void handBackWaiting() {
        for (Message msg; (msg = waiting.poll()) != null; ) {
            slots.release();
            outcomes.handBack(msg);
        }
    }
}
