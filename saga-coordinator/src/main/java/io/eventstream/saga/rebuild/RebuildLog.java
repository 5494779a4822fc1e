package io.eventstream.saga.rebuild;

import java.util.List;

/** The event store's log, read from the start: the truth the saga's state is rebuilt from. */
public interface RebuildLog {

    /** The position of the last event in the log now (0: empty). */
    long end();

    /** At most {@code limit} events after {@code position}, in position order; empty past the end. */
    List<LoggedStep> after(long position, int limit);
}
