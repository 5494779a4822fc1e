package io.eventstream.saga.rebuild;

/**
 * Where a rebuild stands, kept in sagadb so that one that crashed resumes.
 *
 * @param target   the log's end when the rebuild started: it is done once it has read that far
 * @param position the last position whose events are in sagadb (0: none yet)
 * @param finished whether it got to {@code target}
 */
public record Checkpoint(long target, long position, boolean finished) {
}
