package io.eventstream.eventstore.append;

/** Optimistic concurrency: the aggregate moved on since the writer read it. */
public class VersionConflictException extends RuntimeException {

    private final long currentVersion;

    public VersionConflictException(String aggregateId, long expected, long current) {
        super("aggregate " + aggregateId + " is at version " + current + ", expected " + expected);
        this.currentVersion = current;
    }

    public long currentVersion() {
        return currentVersion;
    }
}
