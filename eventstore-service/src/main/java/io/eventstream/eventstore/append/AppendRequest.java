package io.eventstream.eventstore.append;

import io.eventstream.eventstore.append.AppendStatements.Row;
import java.util.concurrent.CompletableFuture;

/** A caller of {@link EventAppender} waiting for its event's commit; {@code seq} is its place in arrival order. */
final class AppendRequest {

    final long seq;
    final Row row;
    final CompletableFuture<AppendOutcome> result = new CompletableFuture<>();
    /** Times another instance took the version this event was about to get. */
    int races;

    AppendRequest(long seq, Row row) {
        this.seq = seq;
        this.row = row;
    }

    NewEvent event() {
        return row.event();
    }
}
