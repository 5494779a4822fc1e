package io.eventstream.bootstrapper;

import java.util.Map;
import java.util.Set;

/**
 * The Flyway checksums of our own migrations as they were released before they were made
 * re-runnable ({@code IF NOT EXISTS}, DML apart from DDL). Their effect on a database that ran
 * them is the same as the new text's, so a database that recorded one of these checksums is
 * repaired (Flyway's {@code repair} stores the new checksum) instead of failing validation.
 * Any other mismatch is left to Flyway, which refuses it: an edited migration we do not know.
 * {@code ReleasedChecksumsTest} migrates a database with the released files and checks these.
 */
final class ReleasedChecksums {

    /** Location, then version, then the checksums released for it. */
    private static final Map<String, Map<String, Set<Integer>>> RELEASED = Map.of(
            "db/eventstore", Map.of("1", Set.of(1055001776), "2", Set.of(-1983310474)),
            "db/orders", Map.of("1", Set.of(1513623539)),
            "db/payments", Map.of("1", Set.of(737034226)),
            "db/saga", Map.of("1", Set.of(-1612992626), "2", Set.of(1434484798)));

    private ReleasedChecksums() {
    }

    static boolean released(String location, String version, Integer checksum) {
        return checksum != null
                && RELEASED.getOrDefault(location, Map.of()).getOrDefault(version, Set.of()).contains(checksum);
    }
}
