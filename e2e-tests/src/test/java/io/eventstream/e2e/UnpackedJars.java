package io.eventstream.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.springframework.util.FileSystemUtils;

/**
 * The services' packaged jars unpacked into target/e2e-run/&lt;module&gt;, as ./suite runs them
 * ({@code java -Djarmode=tools -jar ... extract}): plain jars on the class path, which start
 * faster than Boot's nested-jar class loader and let the JVM map a {@link ClassDataArchives class
 * data archive}. Unpacked again when the packaged jar is newer.
 */
final class UnpackedJars {

    private static final Path DIR = Path.of("target", "e2e-run");

    private UnpackedJars() {
    }

    /** The unpacked application jar of {@code packaged} ({@code <module>/target/<module>-<version>.jar}). */
    static synchronized Path of(Path packaged) throws IOException {
        String file = packaged.getFileName().toString();
        Path destination = DIR.resolve(module(packaged));
        Path unpacked = destination.resolve(file);
        if (Files.exists(unpacked)
                && !Files.getLastModifiedTime(packaged).toInstant().isAfter(Files.getLastModifiedTime(unpacked).toInstant())) {
            return unpacked;
        }
        ClassDataArchives.forget(module(packaged));
        FileSystemUtils.deleteRecursively(destination);
        Path log = Path.of("target", "e2e-logs", "unpack-" + module(packaged) + ".log");
        Files.createDirectories(log.getParent());
        Process extract = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djarmode=tools", "-jar", packaged.toString(), "extract", "--destination", destination.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!extract.waitFor(120, TimeUnit.SECONDS) || extract.exitValue() != 0 || !Files.exists(unpacked)) {
                extract.destroyForcibly();
                throw new IOException("could not unpack " + packaged + "; see " + log.toAbsolutePath());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while unpacking " + packaged, e);
        }
        return unpacked;
    }

    /** {@code eventstore-service} for {@code .../eventstore-service/target/eventstore-service-0.1.0-SNAPSHOT.jar}. */
    static String module(Path packaged) {
        return packaged.toAbsolutePath().getParent().getParent().getFileName().toString();
    }
}
