package io.eventstream.eventstore.outbox;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Events JetStream acked whose outbox rows are not deleted yet: the publishing loop puts them
 * here, and the positioning loop deletes them in its next transaction, so that at low load a
 * round is still one commit (the delete rides along with the next positions). Deleting an acked
 * row is always safe, whoever holds the lease; a row deleted twice is deleted once.
 */
final class AckedRows {

    private static final Logger log = LoggerFactory.getLogger(AckedRows.class);

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

    /** Deletes them all, on the way out or off the lease; if that fails, the holder of the lease publishes them again (same Nats-Msg-Id). */
    void deleteQuietly(OutboxStore outbox) {
        List<PendingEvent> taken = drain();
        try {
            outbox.published(taken);
        } catch (RuntimeException e) {
            log.debug("could not delete {} published outbox rows: {}", taken.size(), e.toString());
        }
    }
}
