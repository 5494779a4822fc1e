package io.eventstream.deploy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** A module's packaged executable jar: the file the Docker image is made of. */
final class ModuleJar {

    static final String METADATA = "META-INF/spring-configuration-metadata.json";

    private final String module;
    private final Path jar;

    private ModuleJar(String module, Path jar) {
        this.module = module;
        this.jar = jar;
    }

    /**
     * The jar the Dockerfile picks: {@code <module>/target/<module>-*.jar}, not a tests, sources,
     * javadoc or plain jar. Exactly one must exist (run {@code mvn package} first).
     */
    static ModuleJar of(String module) {
        Path target = Repo.root().resolve(module).resolve("target");
        List<Path> jars;
        try (Stream<Path> files = Files.list(target)) {
            jars = files.filter(p -> {
                String name = p.getFileName().toString();
                return name.startsWith(module + "-") && name.endsWith(".jar")
                        && !name.endsWith("-tests.jar") && !name.endsWith("-sources.jar")
                        && !name.endsWith("-javadoc.jar") && !name.endsWith("-plain.jar");
            }).toList();
        } catch (IOException e) {
            throw new AssertionError("no " + target + ": package " + module + " first (mvn -B package)", e);
        }
        if (jars.size() != 1) {
            throw new AssertionError("expected one jar of " + module + " in " + target + ", found " + jars);
        }
        return new ModuleJar(module, jars.get(0));
    }

    String module() {
        return module;
    }

    Path path() {
        return jar;
    }

    /** A Spring Boot application (binds properties), or a plain main class packaged by Boot (a CLI). */
    boolean isSpringApplication() {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return zip.stream().map(ZipEntry::getName)
                    .anyMatch(n -> n.matches("BOOT-INF/lib/spring-boot-\\d.*\\.jar"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The leaf keys of the jar's application.yml / application.properties, dotted. */
    Map<String, Object> applicationProperties() {
        Map<String, Object> props = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry yml = zip.getEntry("BOOT-INF/classes/application.yml");
            if (yml != null) {
                LoaderOptions options = new LoaderOptions();
                String text = new String(zip.getInputStream(yml).readAllBytes(), StandardCharsets.UTF_8);
                for (Object doc : new Yaml(new SafeConstructor(options)).loadAll(text)) {
                    flatten("", doc, props);
                }
            }
            ZipEntry properties = zip.getEntry("BOOT-INF/classes/application.properties");
            if (properties != null) {
                java.util.Properties p = new java.util.Properties();
                p.load(zip.getInputStream(properties));
                p.forEach((k, v) -> props.put(k.toString(), v));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return props;
    }

    /** The jar's own metadata files and those of every library it nests (BOOT-INF/lib). */
    List<String> configurationMetadata() {
        List<String> files = new ArrayList<>();
        eachEntry((name, bytes) -> {
            if (name.endsWith(METADATA)) {
                files.add(new String(bytes, StandardCharsets.UTF_8));
            }
        });
        return files;
    }

    /** The file names of the libraries in BOOT-INF/lib. */
    List<String> libraries() {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return zip.stream().map(ZipEntry::getName).filter(n -> n.startsWith("BOOT-INF/lib/") && n.endsWith(".jar"))
                    .map(n -> n.substring("BOOT-INF/lib/".length())).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An entry of the library {@code BOOT-INF/lib/<library>}, e.g. a class file. */
    byte[] libraryEntry(String library, String entry) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry lib = zip.getEntry("BOOT-INF/lib/" + library);
            if (lib == null) {
                throw new AssertionError(jar + " has no library " + library);
            }
            try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(zip.getInputStream(lib))) {
                for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                    if (e.getName().equals(entry)) {
                        return in.readAllBytes();
                    }
                }
            }
            throw new AssertionError(library + " has no " + entry);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The layer names of BOOT-INF/layers.idx, in order. */
    List<String> layers() {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry idx = zip.getEntry("BOOT-INF/layers.idx");
            if (idx == null) {
                throw new AssertionError(jar + " is not layered (no BOOT-INF/layers.idx)");
            }
            String text = new String(zip.getInputStream(idx).readAllBytes(), StandardCharsets.UTF_8);
            return text.lines().filter(l -> l.startsWith("- \"")).map(l -> l.substring(3, l.lastIndexOf('"')))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void eachEntry(BiConsumer<String, byte[]> visitor) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry entry : zip.stream().toList()) {
                if (entry.getName().endsWith(METADATA)) {
                    visitor.accept(entry.getName(), zip.getInputStream(entry).readAllBytes());
                } else if (entry.getName().startsWith("BOOT-INF/lib/") && entry.getName().endsWith(".jar")) {
                    nested(entry.getName(), zip.getInputStream(entry).readAllBytes(), visitor);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void nested(String jarName, byte[] bytes, BiConsumer<String, byte[]> visitor) throws IOException {
        try (InputStream in = new ByteArrayInputStream(bytes); ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                if (e.getName().equals(METADATA)) {
                    visitor.accept(jarName + "!/" + e.getName(), zip.readAllBytes());
                }
            }
        }
    }

    private static void flatten(String prefix, Object value, Map<String, Object> into) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> flatten(prefix.isEmpty() ? k.toString() : prefix + "." + k, v, into));
        } else if (!prefix.isEmpty()) {
            into.put(prefix, value);
        }
    }

    @Override
    public String toString() {
        return jar.toString();
    }
}
