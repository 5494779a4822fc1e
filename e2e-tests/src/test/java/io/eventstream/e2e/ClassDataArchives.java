package io.eventstream.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One class data archive (AppCDS) per service module, as ./suite keeps them: the first process of
 * a module that has none writes one when it exits ({@code -XX:ArchiveClassesAtExit}), and every
 * later process maps it ({@code -XX:SharedArchiveFile}): about half a start's CPU, on the CI
 * machine's two cores where e2e starts some sixty services. The JVM checks an archive against its
 * own build and the class path and runs without it on any mismatch, so an archive changes how fast
 * a service starts, never what it does.
 */
final class ClassDataArchives {

    private static final Path DIR = Path.of("target", "e2e-run", "cds");
    /** The modules a running process is writing an archive for: one writer at a time. */
    private static final Set<String> WRITING = ConcurrentHashMap.newKeySet();
    /** A JVM maps only an archive its own build wrote. */
    private static final String JVM = System.getProperty("java.vm.version").replaceAll("[^A-Za-z0-9.]", "_");

    private ClassDataArchives() {
    }

    /** What one process of a module does with the archive: the flags it starts with, and where it writes. */
    record Use(String module, List<String> flags, Path writing) {

        /** The process has exited: what it wrote becomes the module's archive, unless it was killed (-9). */
        void exited(int exitCode) {
            if (writing == null) {
                return;
            }
            try {
                Path archive = archive(module);
                if (exitCode != 137 && Files.size(writing) > 0 && !Files.exists(archive)) {
                    Files.move(writing, archive, StandardCopyOption.ATOMIC_MOVE);
                } else {
                    Files.deleteIfExists(writing);
                }
            } catch (IOException e) {
                // No archive this time: the next process writes one.
            } finally {
                WRITING.remove(module);
            }
        }
    }

    /** For a process about to start: map the module's archive, or write one on the way out if nobody does. */
    static Use forStart(String module) throws IOException {
        Path archive = archive(module);
        if (Files.exists(archive)) {
            return new Use(module, List.of("-XX:SharedArchiveFile=" + archive), null);
        }
        if (!WRITING.add(module)) {
            return new Use(module, List.of(), null);
        }
        Files.createDirectories(DIR);
        Path writing = DIR.resolve(module + "-" + UUID.randomUUID() + ".jsa.part");
        // -Xlog: the JVM lists the classes it leaves out of the archive as warnings, none of them actionable.
        return new Use(module, List.of("-XX:ArchiveClassesAtExit=" + writing, "-Xlog:cds=off,cds+dynamic=off"), writing);
    }

    /** For a short-lived process (a CLI run): map the archive if there is one, never write one. */
    static List<String> mapOnly(String module) {
        Path archive = archive(module);
        return Files.exists(archive) ? List.of("-XX:SharedArchiveFile=" + archive) : List.of();
    }

    /** The module was unpacked again: its archive no longer matches the class path. */
    static void forget(String module) throws IOException {
        Files.deleteIfExists(archive(module));
    }

    private static Path archive(String module) {
        return DIR.resolve(module + "-" + JVM + ".jsa");
    }
}
