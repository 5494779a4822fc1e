package io.eventstream.saga.rebuild;

import io.eventstream.common.replay.ReplayProgress;

/**
 * The saga rebuild's progress through common's {@link ReplayProgress}, as querymodel-worker's rebuild
 * shows it: the same bar on a terminal (lines every 5 s otherwise) and the same
 * {@code eventstream.rebuild.*} metrics, tagged {@code projection=saga}.
 */
public final class ReplayProgressListener implements RebuildProgress.Listener {

    private final ReplayProgress progress;
    private long lastRead;

    public ReplayProgressListener(ReplayProgress progress) {
        this.progress = progress;
    }

    @Override
    public void progress(RebuildProgress now) {
        progress.logEnd(now.total());
        progress.applied((int) (now.read() - lastRead), now.done());
        lastRead = now.read();
    }

    /** The last line, after the bar. */
    public void finish(String what) {
        progress.finish(what);
    }
}
