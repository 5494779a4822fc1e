package io.eventstream.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The repository the checks read: its root, its modules, the files of the deployment. */
final class Repo {

    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");

    private Repo() {
    }

    static Path root() {
        String root = System.getProperty("repo.root");
        Path path = root != null ? Path.of(root) : Path.of("..");
        return path.toAbsolutePath().normalize();
    }

    static Path file(String relative) {
        return root().resolve(relative);
    }

    static Path composeFile() {
        return file("docker-compose.yml");
    }

    /** Every Compose file of the repository: docker-compose.yml and its override files. */
    static List<Path> composeFiles() {
        try (var files = Files.list(root())) {
            return files.filter(f -> f.getFileName().toString().matches("docker-compose.*\\.ya?ml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path dockerfile() {
        return file("docker/Dockerfile");
    }

    static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The modules the root pom builds, in its order. */
    static List<String> modules() {
        Matcher m = MODULE.matcher(read(file("pom.xml")));
        return m.results().map(r -> r.group(1).trim()).toList();
    }
}
