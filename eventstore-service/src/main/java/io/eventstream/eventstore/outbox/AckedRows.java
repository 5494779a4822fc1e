package io.eventstream.eventstore.outbox;

import java.util.ArrayList;
import java.util.List;

/**
 * Events JetStream acked whose outbox rows are not deleted yet: the publishing loop puts them
 * here, and the positioning loop deletes them in its next transaction, so that at low load a
 * round is still one commit (the delete rides along with the next positions). Deleting an acked
 * row is always safe, whoever holds the lease; a row deleted twice is deleted once.
 */
final class AckedRows {

    private List<PendingEvent> rows = new ArrayList<>();

    synchronized void add(List<PendingEvent> acked) {
        rows.addAll(acked);
    }

    /** Takes them all; a caller whose delete fails {@link #add}s them back. */
    synchronized List<PendingEvent> drain() {
        if (rows.isEmpty()) {
            return List.of();
        }
        List<PendingEvent> taken = rows;
        rows = new ArrayList<>();
        return taken;
    }
}
