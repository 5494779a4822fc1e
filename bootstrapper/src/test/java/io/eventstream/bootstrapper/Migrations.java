package io.eventstream.bootstrapper;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The newest migration version on the classpath (SQL files and Java migrations), so tests do not hard-code it. */
final class Migrations {

    private static final Pattern VERSIONED = Pattern.compile("V(\\d+)__.*\\.(sql|class)");

    private Migrations() {
    }

    static int latestVersion(String location) {
        URL url = Migrations.class.getClassLoader().getResource(location);
        if (url == null) {
            throw new IllegalStateException("no " + location + " on the classpath");
        }
        try {
            URI uri = url.toURI();
            if ("jar".equals(uri.getScheme())) {
                try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                    return latest(jar.getPath(location));
                }
            }
            return latest(Path.of(uri));
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int latest(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> VERSIONED.matcher(p.getFileName().toString()))
                    .filter(Matcher::matches)
                    .mapToInt(m -> Integer.parseInt(m.group(1)))
                    .max()
                    .orElseThrow();
        }
    }
}
