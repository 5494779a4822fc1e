package io.eventstream.saga.rebuild;

import java.io.PrintStream;

/**
 * The rebuild's progress on a terminal: one line at most every second, overwritten in place
 * when the output is a console (carriage return), one line each otherwise (a log file).
 */
public final class TerminalProgress implements RebuildProgress.Listener {

    private static final long EVERY_NANOS = 1_000_000_000L;

    private final PrintStream out;
    private final boolean console;
    private long lastPrinted;

    public TerminalProgress(PrintStream out, boolean console) {
        this.out = out;
        this.console = console;
    }

    @Override
    public void progress(RebuildProgress progress) {
        long now = System.nanoTime();
        boolean done = progress.done() >= progress.total();
        if (!done && lastPrinted != 0 && now - lastPrinted < EVERY_NANOS) {
            return;
        }
        lastPrinted = now;
        String line = "saga rebuild: " + progress.line();
        if (console) {
            out.print("\r" + line + (done ? "\n" : ""));
        } else {
            out.println(line);
        }
        out.flush();
    }
}
