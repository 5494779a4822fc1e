package io.eventstream.orders.board;

import io.eventstream.common.events.OrderEventTypes;
import io.eventstream.common.eventstore.EventStoreClient;
import io.eventstream.common.eventstore.EventStoreException;
import io.eventstream.common.eventstore.LiveEvents;
import io.eventstream.proto.eventstore.Event;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * One upstream GetEventsStream (follow = true, {@link EventStoreClient#follow}) shared by every
 * browser: opened when the first browser connects, resumed from the last position seen after a
 * failure, fanned out to each browser's {@link SseEmitter}. The last events are kept so a browser that reconnects with
 * Last-Event-ID (an event position) misses nothing that is still kept.
 *
 * <p>Live means now: the first open asks where the log ends ({@link EventStoreClient#logEnd}) and
 * starts {@code context-events} before it, so a board opened on a long log does not replay it as if
 * it were happening (it once showed 35-minute-old orders as new, catching up at 1,500 events/s).
 * Events up to that end are sent flagged as history; so are the kept ones a new browser gets first.
 *
 * <p>Stopped before the web server's graceful shutdown: open browser connections would hold it up.
 */
public class BoardFeed implements SmartLifecycle, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BoardFeed.class);

    private final EventStoreClient eventStore;
    private final String typePrefix;
    private final BoardProperties props;
    private final List<SseEmitter> browsers = new CopyOnWriteArrayList<>();
    private final Deque<BoardEvent> recent = new ArrayDeque<>();
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "board-feed-retry");
        t.setDaemon(true);
        return t;
    });
    private long lastPosition;
    /** Events at or before this position were in the log when the feed started: history. -1: not asked yet. */
    private long historyEnd = -1;
    private boolean started;
    private LiveEvents live;
    private volatile boolean running;

    public BoardFeed(EventStoreClient eventStore, OrderEventTypes types, BoardProperties props) {
        this.eventStore = eventStore;
        this.typePrefix = types.stream() + ".";
        this.props = props;
    }

    /** A browser's connection; events after {@code lastEventId} that are still kept are sent first. */
    public SseEmitter subscribe(Long lastEventId) {
        SseEmitter emitter = new SseEmitter(props.emitterTimeout().toMillis());
        emitter.onCompletion(() -> browsers.remove(emitter));
        emitter.onTimeout(() -> browsers.remove(emitter));
        emitter.onError(e -> browsers.remove(emitter));
        List<BoardEvent> replay;
        synchronized (this) {
            // A new browser gets the last context events it never saw, as history; a reconnecting one what it missed.
            replay = lastEventId == null
                    ? recent.stream().skip(Math.max(0, recent.size() - props.contextEvents()))
                            .map(BoardEvent::asHistory).toList()
                    : recent.stream().filter(e -> e.position() > lastEventId).toList();
            // Added under the lock: no event can fall between the replay and the live feed.
            for (BoardEvent event : replay) {
                if (!send(emitter, event)) {
                    return emitter;
                }
            }
            browsers.add(emitter);
            if (!started) {
                started = true;
                open();
            }
        }
        try {
            emitter.send(SseEmitter.event().comment("connected"));
        } catch (IOException e) {
            browsers.remove(emitter);
        }
        return emitter;
    }

    int browsers() {
        return browsers.size();
    }

    private synchronized void open() {
        if (historyEnd < 0) {
            try {
                historyEnd = eventStore.logEnd();
            } catch (EventStoreException e) {
                log.warn("board feed: where the log ends is unknown ({}); again in {}", e.getMessage(), props.retry());
                retries.schedule(this::reopen, props.retry().toMillis(), TimeUnit.MILLISECONDS);
                return;
            }
            lastPosition = Math.max(0, historyEnd - props.contextEvents());
        }
        live = eventStore.follow(lastPosition, new LiveEvents.Listener() {
            @Override
            public void onEvent(Event event) {
                accept(event);
            }

            @Override
            public void onEnd(EventStoreException failure) {
                if (failure != null) {
                    log.warn("board feed: event stream failed ({}); again in {}", failure.getMessage(), props.retry());
                }
                retries.schedule(BoardFeed.this::reopen, props.retry().toMillis(), TimeUnit.MILLISECONDS);
            }
        });
    }

    private synchronized void reopen() {
        if (!retries.isShutdown()) {
            open();
        }
    }

    private synchronized void accept(Event event) {
        if (event.getPosition() <= lastPosition) {
            return; // a repeat after a reconnect
        }
        lastPosition = event.getPosition();
        if (!event.getEventType().startsWith(typePrefix)) {
            return;
        }
        String name = event.getEventType().substring(typePrefix.length());
        Instant createdAt = event.hasCreatedAt()
                ? Instant.ofEpochSecond(event.getCreatedAt().getSeconds(), event.getCreatedAt().getNanos())
                : null;
        BoardEvent board = new BoardEvent(event.getPosition(), event.getAggregateId(), name,
                BoardStatuses.of(name), event.getVersion(), createdAt, event.getPosition() <= historyEnd);
        recent.addLast(board);
        while (recent.size() > props.replayEvents()) {
            recent.removeFirst();
        }
        for (SseEmitter browser : new ArrayList<>(browsers)) {
            if (!send(browser, board)) {
                browsers.remove(browser);
            }
        }
    }

    private static boolean send(SseEmitter emitter, BoardEvent event) {
        try {
            emitter.send(SseEmitter.event().id(Long.toString(event.position())).name("order")
                    .data(event, MediaType.APPLICATION_JSON));
            return true;
        } catch (IOException | IllegalStateException e) {
            emitter.completeWithError(e);
            return false;
        }
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        close();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public synchronized void close() {
        retries.shutdownNow();
        if (live != null) {
            live.close();
        }
        for (SseEmitter browser : browsers) {
            browser.complete();
        }
        browsers.clear();
    }
}
