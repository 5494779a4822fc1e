package io.eventstream.common.replay;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How far a replay of the log is: events done, events per second, time left. Drawn as a bar on a
 * terminal (one line rewritten in place), as plain lines every few seconds when the output is not
 * a terminal (a log file, a CI job), and kept as metrics tagged with the projection:
 * {@code eventstream.rebuild.events} (counter), {@code eventstream.rebuild.position},
 * {@code eventstream.rebuild.log.end}, {@code eventstream.rebuild.lag} (events behind the log's
 * end) and {@code eventstream.rebuild.rate} (events per second, last interval).
 */
public final class ReplayProgress {

    private static final long TTY_EVERY_NANOS = Duration.ofMillis(250).toNanos();
    private static final long LINES_EVERY_NANOS = Duration.ofSeconds(5).toNanos();
    private static final int BAR = 30;

    private final String projection;
    private final PrintStream out;
    private final boolean terminal;
    private final Counter events;
    private final AtomicLong position = new AtomicLong();
    private final AtomicLong logEnd = new AtomicLong();
    private final AtomicLong rate = new AtomicLong();
    private final long startNanos = System.nanoTime();
    private long done;
    private long lastDrawNanos = startNanos;
    private long doneAtLastDraw;
    private long rateNanos = startNanos;
    private long doneAtRate;

    /** @param out null: metrics only */
    public ReplayProgress(String projection, MeterRegistry meters, PrintStream out, boolean terminal) {
        this.projection = projection;
        this.out = out;
        this.terminal = terminal;
        this.events = Counter.builder("eventstream.rebuild.events").tag("projection", projection)
                .description("events a rebuild has applied").register(meters);
        Gauge.builder("eventstream.rebuild.position", position, AtomicLong::get).tag("projection", projection)
                .description("log position a rebuild has applied up to").register(meters);
        Gauge.builder("eventstream.rebuild.log.end", logEnd, AtomicLong::get).tag("projection", projection)
                .description("the log's last position as the rebuild last read it").register(meters);
        Gauge.builder("eventstream.rebuild.lag", this, ReplayProgress::lag).tag("projection", projection)
                .description("events between the rebuild's position and the log's end").register(meters);
        Gauge.builder("eventstream.rebuild.rate", rate, AtomicLong::get).tag("projection", projection)
                .description("events per second over the last interval").register(meters);
    }

    /** Whether standard output is an interactive terminal (a bar) or not (plain lines). */
    public static boolean stdoutIsTerminal() {
        return System.console() != null;
    }

    public synchronized void logEnd(long end) {
        logEnd.set(end);
    }

    /** {@code count} more events applied, the last at {@code newPosition}. */
    public synchronized void applied(int count, long newPosition) {
        done += count;
        events.increment(count);
        position.set(newPosition);
        logEnd.accumulateAndGet(newPosition, Math::max);
        long now = System.nanoTime();
        if (now - rateNanos >= Duration.ofSeconds(1).toNanos()) {
            rate.set((done - doneAtRate) * 1_000_000_000L / (now - rateNanos));
            rateNanos = now;
            doneAtRate = done;
        }
        if (out != null && now - lastDrawNanos >= (terminal ? TTY_EVERY_NANOS : LINES_EVERY_NANOS)) {
            draw(now, false);
        }
    }

    /** The last line (and a new line after a bar). */
    public synchronized void finish(String what) {
        if (out != null) {
            draw(System.nanoTime(), true);
            out.println((terminal ? "" : projection + ": ") + what);
            out.flush();
        }
    }

    public synchronized long done() {
        return done;
    }

    public long position() {
        return position.get();
    }

    public long lag() {
        return Math.max(0, logEnd.get() - position.get());
    }

    /** Events per second over the whole replay so far. */
    public synchronized double averageRate() {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        return seconds <= 0 ? 0 : done / seconds;
    }

    private void draw(long now, boolean last) {
        double seconds = (now - lastDrawNanos) / 1e9;
        double recent = seconds <= 0 ? 0 : (done - doneAtLastDraw) / seconds;
        lastDrawNanos = now;
        doneAtLastDraw = done;
        double perSecond = last || recent == 0 ? averageRate() : recent;
        long end = logEnd.get();
        long at = position.get();
        double fraction = end <= 0 ? 1 : Math.min(1, (double) at / end);
        String left = perSecond <= 0 ? "?" : clock((long) (lag() / perSecond));
        String text = String.format(Locale.ROOT, "%s %3d%% %,d events (position %,d of %,d) %,.0f events/s, %s left",
                projection, Math.round(fraction * 100), done, at, end, perSecond, left);
        if (terminal) {
            int filled = (int) Math.round(fraction * BAR);
            out.print("\r[" + "#".repeat(filled) + ".".repeat(BAR - filled) + "] " + text + "   ");
            if (last) {
                out.println();
            }
        } else {
            out.println(text);
        }
        out.flush();
    }

    private static String clock(long seconds) {
        return String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }
}
