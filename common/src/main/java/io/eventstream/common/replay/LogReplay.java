package io.eventstream.common.replay;

import io.eventstream.common.eventstore.EventStoreClient;
import io.eventstream.common.eventstore.EventStoreException;
import io.eventstream.common.eventstore.LiveEvents;
import io.eventstream.proto.eventstore.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays the store's log into a projection, page by page: one {@code GetEventsStream} with
 * {@code follow = true} (common's {@link EventStoreClient#follow}: the catch-up at the store's
 * page size, then each new event as it is stored), read ahead into a bounded queue while the
 * previous page is written. The core of every projection rebuild: it knows nothing of tables.
 *
 * <p>{@link #applyUntil} can be called again with another sink (a rebuild's catch-up into new
 * tables, then the events after its switch into the live names): the stream stays open between
 * calls, so no event falls between them. A broken stream is opened again after the last position
 * received; a position seen already is skipped (the store may send one again).
 */
public final class LogReplay implements AutoCloseable {

    /** Where a page goes: applied whole (one transaction) or it throws and the replay stops. */
    @FunctionalInterface
    public interface Pages {
        void apply(List<Event> page);
    }

    private static final Logger log = LoggerFactory.getLogger(LogReplay.class);
    private static final int MAX_REOPENS_WITHOUT_PROGRESS = 10;

    private record End(EventStoreException failure) {
    }

    private final EventStoreClient store;
    private final int pageSize;
    private final ReplayProgress progress;
    private final BlockingQueue<Object> queue;
    private volatile long received;
    private long position;
    private LiveEvents stream;
    private int reopens;

    /** Opens the stream after {@code fromPosition} (0: the whole log). */
    public LogReplay(EventStoreClient store, long fromPosition, int pageSize, ReplayProgress progress) {
        this.store = store;
        this.pageSize = pageSize;
        this.progress = progress;
        this.queue = new ArrayBlockingQueue<>(pageSize * 4);
        this.position = fromPosition;
        this.received = fromPosition;
        open();
    }

    /** The position of the last event applied. */
    public long position() {
        return position;
    }

    /**
     * Applies pages until {@code reached} holds for the position applied up to (tested before each
     * page, and every 200 ms while nothing arrives); returns that position.
     */
    public long applyUntil(LongPredicate reached, Pages pages) throws InterruptedException {
        List<Object> taken = new ArrayList<>(pageSize);
        while (!reached.test(position)) {
            Object first = queue.poll(200, TimeUnit.MILLISECONDS);
            if (first == null) {
                continue;
            }
            taken.clear();
            taken.add(first);
            queue.drainTo(taken, pageSize - 1);
            List<Event> page = new ArrayList<>(taken.size());
            for (Object item : taken) {
                if (item instanceof Event event) {
                    if (event.getPosition() > position && (page.isEmpty()
                            || event.getPosition() > page.get(page.size() - 1).getPosition())) {
                        page.add(event);
                    }
                } else {
                    reopenAfter(((End) item).failure());
                }
            }
            if (!page.isEmpty()) {
                pages.apply(page);
                position = page.get(page.size() - 1).getPosition();
                reopens = 0;
                progress.applied(page.size(), position);
            }
        }
        return position;
    }

    /**
     * A predicate for {@link #applyUntil}: caught up with the log's end, as the store tells it
     * ({@code GetLogEnd}, asked at most once a second).
     */
    public LongPredicate caughtUp() {
        long[] end = {store.logEnd()};
        long[] askedAt = {System.nanoTime()};
        progress.logEnd(end[0]);
        return at -> {
            if (at >= end[0] && System.nanoTime() - askedAt[0] > 1_000_000_000L) {
                end[0] = store.logEnd();
                askedAt[0] = System.nanoTime();
                progress.logEnd(end[0]);
            }
            return at >= end[0];
        };
    }

    @Override
    public void close() {
        if (stream != null) {
            stream.close();
        }
    }

    private void open() {
        long from = received;
        stream = store.follow(from, new LiveEvents.Listener() {
            @Override
            public void onEvent(Event event) {
                put(event);
                received = Math.max(received, event.getPosition());
            }

            @Override
            public void onEnd(EventStoreException failure) {
                put(new End(failure));
            }
        });
    }

    private void put(Object item) {
        try {
            queue.put(item); // back-pressure: the gRPC thread waits while the writer is behind
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void reopenAfter(EventStoreException failure) throws InterruptedException {
        if (++reopens > MAX_REOPENS_WITHOUT_PROGRESS) {
            throw new IllegalStateException("the event store's log stream keeps ending", failure);
        }
        log.warn("log stream ended ({}); following again after position {}",
                failure == null ? "completed" : failure.getMessage(), received);
        Thread.sleep(Math.min(5_000L, 250L << Math.min(reopens, 5)));
        open();
    }
}
