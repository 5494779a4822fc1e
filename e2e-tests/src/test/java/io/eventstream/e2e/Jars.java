package io.eventstream.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Where the packaged services are. */
final class Jars {

    private static final Path ROOT = Path.of(System.getProperty("suite.root", ".."));
    private static final String VERSION = "0.1.0-SNAPSHOT";
    /** Every jar a suite may start: checked before it starts anything. */
    static final List<String> SUITE_MODULES = List.of("bootstrapper", "eventstore-service", "order-service",
            "payment-worker", "review-worker", "querymodel-worker", "saga-coordinator");

    private Jars() {
    }

    static Path of(String module) {
        return of(ROOT, module);
    }

    static Path of(Path root, String module) {
        return root.resolve(module).resolve("target").resolve(module + "-" + VERSION + ".jar");
    }

    /**
     * Fails before anything starts when a jar is missing, naming every missing one: found only when
     * that service started, a suite had already started the ones before it, and a run that aborted
     * there left them running.
     */
    static void requireAll(Path root, List<String> modules) {
        require(modules.stream().map(m -> of(root, m)).toList());
    }

    /** Fails naming every jar of {@code jars} that is missing. */
    static void require(List<Path> jars) {
        List<Path> missing = jars.stream().filter(jar -> !Files.exists(jar)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException(missing + (missing.size() == 1 ? " is" : " are")
                    + " missing: run `mvn -B verify` from the root (it packages first)");
        }
    }

    static void requireSuite() {
        requireAll(ROOT, SUITE_MODULES);
    }
}
