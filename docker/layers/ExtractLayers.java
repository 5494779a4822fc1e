import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Unpacks a Spring Boot executable jar into one directory per layer of its BOOT-INF/layers.idx,
 * in the launcher layout: what {@code java -Djarmode=tools -jar app.jar extract --layers --launcher}
 * produces, then {@code java org.springframework.boot.loader.launch.JarLauncher} runs it.
 *
 * <p>Why not Boot's jar tools: they need spring-core inside the jar, and the bootstrapper is a
 * plain CLI without it ({@code NoClassDefFoundError: org/springframework/util/ClassUtils}). This
 * needs the JDK only; deploy-checks proves its output equals Boot's for a Spring service's jar.
 *
 * <p>Usage: {@code java ExtractLayers.java <jar> <destination>}
 */
public final class ExtractLayers {

    private ExtractLayers() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: ExtractLayers <jar> <destination>");
            System.exit(2);
        }
        extract(Path.of(args[0]), Path.of(args[1]));
    }

    static void extract(Path jar, Path destination) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry index = zip.getEntry("BOOT-INF/layers.idx");
            if (index == null) {
                throw new IllegalStateException(jar + " has no BOOT-INF/layers.idx: not a layered Spring Boot jar");
            }
            Map<String, List<String>> layers;
            try (InputStream in = zip.getInputStream(index)) {
                layers = parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            for (String layer : layers.keySet()) {
                Files.createDirectories(destination.resolve(layer));
            }
            Path root = destination.toAbsolutePath().normalize();
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements();) {
                ZipEntry entry = e.nextElement();
                String layer = layerOf(entry.getName(), layers);
                Path target = root.resolve(layer).resolve(entry.getName()).normalize();
                if (!target.startsWith(root)) {
                    throw new IllegalStateException("entry outside the destination: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                Files.createDirectories(target.getParent());
                try (InputStream in = zip.getInputStream(entry)) {
                    Files.copy(in, target);
                }
                if (entry.getLastModifiedTime() != null) {
                    Files.setLastModifiedTime(target, entry.getLastModifiedTime());
                }
            }
        }
    }

    /** layers.idx: {@code - "layer":} lines, each followed by {@code   - "path"} lines (a path ending in / is a prefix). */
    static Map<String, List<String>> parse(String index) {
        Map<String, List<String>> layers = new LinkedHashMap<>();
        List<String> current = null;
        for (String line : index.split("\n")) {
            if (line.startsWith("- \"")) {
                current = new ArrayList<>();
                layers.put(line.substring(3, line.lastIndexOf('"')), current);
            } else if (line.startsWith("  - \"") && current != null) {
                current.add(line.substring(5, line.lastIndexOf('"')));
            }
        }
        return layers;
    }

    static String layerOf(String entry, Map<String, List<String>> layers) {
        for (Map.Entry<String, List<String>> layer : layers.entrySet()) {
            for (String path : layer.getValue()) {
                if (path.endsWith("/") ? entry.startsWith(path) : entry.equals(path)) {
                    return layer.getKey();
                }
            }
        }
        // Directory entries above a listed prefix (e.g. BOOT-INF/ above BOOT-INF/lib/...):
        // they hold nothing of their own, so the application layer may create them.
        if (entry.endsWith("/")) {
            for (Map.Entry<String, List<String>> layer : layers.entrySet()) {
                for (String path : layer.getValue()) {
                    if (path.startsWith(entry)) {
                        return layer.getKey();
                    }
                }
            }
        }
        throw new IllegalStateException("no layer holds " + entry);
    }
}
