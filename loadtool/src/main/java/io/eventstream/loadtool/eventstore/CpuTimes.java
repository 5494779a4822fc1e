package io.eventstream.loadtool.eventstore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU seconds (user + system) so far of one process (the event store, {@code --store-pid}), of
 * every process named {@code postgres} and of this tool itself, from Linux's /proc (0 elsewhere).
 * PostgreSQL's figure counts every database's work, the other helpers' too on a shared machine.
 */
record CpuTimes(double store, double postgres, double self) {

    /** The kernel's clock ticks per second (USER_HZ), 100 on every mainstream Linux. */
    private static final double TICKS = 100.0;

    static CpuTimes read(String storePid) {
        double store = storePid == null || storePid.isBlank() ? 0 : seconds(Path.of("/proc", storePid.trim(), "stat"));
        double self = seconds(Path.of("/proc", "self", "stat"));
        double postgres = 0;
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) procs.filter(d -> d.getFileName().toString().chars().allMatch(Character::isDigit))::iterator) {
                String stat = stat(p.resolve("stat"));
                if (stat != null && stat.contains("(postgres)")) {
                    postgres += seconds(stat);
                }
            }
        } catch (IOException e) {
            return new CpuTimes(store, 0, self);
        }
        return new CpuTimes(store, postgres, self);
    }

    private static double seconds(Path statFile) {
        String stat = stat(statFile);
        return stat == null ? 0 : seconds(stat);
    }

    /** Fields 14 and 15 (utime, stime), counted after the command name's closing parenthesis. */
    private static double seconds(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS;
    }

    private static String stat(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
