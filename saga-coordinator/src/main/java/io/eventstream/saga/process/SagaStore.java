package io.eventstream.saga.process;

import java.time.Instant;
import java.util.List;

/** Where the saga keeps each order's process state durably (sagadb), for deadlines and for looking. */
public interface SagaStore {

    /** Saves what the process says now; an older view (lower version) never overwrites a newer one. */
    void save(OrderProcess process);

    /** Orders still waiting for their deadline whose deadline is at or before {@code now}. */
    List<String> dueForDeadline(Instant now, int limit);
}
