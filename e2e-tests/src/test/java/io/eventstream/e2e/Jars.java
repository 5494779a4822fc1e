package io.eventstream.e2e;

import java.nio.file.Path;

/** Where the packaged services are. */
final class Jars {

    private static final Path ROOT = Path.of(System.getProperty("suite.root", ".."));
    private static final String VERSION = "0.1.0-SNAPSHOT";

    private Jars() {
    }

    static Path of(String module) {
        return ROOT.resolve(module).resolve("target").resolve(module + "-" + VERSION + ".jar");
    }
}
