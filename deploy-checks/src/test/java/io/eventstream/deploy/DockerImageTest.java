package io.eventstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.tools.ToolProvider;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What docker/Dockerfile does to each module, done here without Docker: its extract stage's RUN
 * script runs as written (paths /src, /tools and /extracted mapped to local directories), the
 * layers are copied into one directory as the runtime stage's COPY lines do, and the launcher the
 * ENTRYPOINT names starts the application.
 */
class DockerImageTest {

    private static final Pattern COPY_LAYER = Pattern.compile("(?m)^COPY --from=extract /extracted/([a-z-]+)/ \\./$");
    private static final Pattern ENTRYPOINT_CLASS =
            Pattern.compile("(?m)^ENTRYPOINT \\[.*\"(org\\.springframework[^\"]+)\"\\]$");

    @TempDir
    static Path tools;

    private static String dockerfile;
    private static Compose compose;

    @BeforeAll
    static void compileTheBuildStageTools() {
        dockerfile = Repo.read(Repo.dockerfile());
        compose = Compose.load(Repo.composeFile());
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "--release", "17", "-d", tools.toString(),
                Repo.file("docker/layers/ExtractLayers.java").toString());
        assertThat(rc).as("javac ExtractLayers.java").isZero();
    }

    @Test
    void theRuntimeStageCopiesEveryLayerOfEveryImageInTheJarsOrder() {
        List<String> copied = COPY_LAYER.matcher(dockerfile).results().map(r -> r.group(1)).toList();
        compose.builtServices().forEach((service, module) ->
                assertThat(copied).as(service + ": layers of " + module).isEqualTo(ModuleJar.of(module).layers()));
    }

    @Test
    void theDockerfileBuildsTheReactorOnceForEveryImage() {
        assertThat(dockerfile).contains("FROM maven:3").contains("-DskipTests package").contains("ARG MODULE")
                .contains("FROM eclipse-temurin:17.").contains("-jre AS runtime").contains("USER app");
        // The build stage must not read MODULE, or every image would build the reactor again.
        String buildStage = dockerfile.substring(dockerfile.indexOf(" AS build"), dockerfile.indexOf(" AS extract"));
        assertThat(buildStage).doesNotContain("MODULE");
        // Everything the build needs is in the context .dockerignore leaves.
        String ignored = Repo.read(Repo.file(".dockerignore"));
        assertThat(ignored).contains("**/target/").doesNotContain("docker").doesNotContain("pom.xml")
                .doesNotContain("src");
    }

    @Test
    void theLayeredBootstrapperStartsFromTheEntrypoint(@TempDir Path tmp) {
        Path app = image("bootstrapper", tmp);

        Processes.Result help = Processes.run(app, List.of(Processes.java(), "-cp", ".", entrypointClass(), "--help"));

        assertThat(help.exitCode()).as(help.output()).isZero();
        assertThat(help.output()).contains("Usage:").contains("DB_ADMIN_URL");
    }

    @Test
    void everyImageHoldsItsApplicationAndTheLauncher(@TempDir Path tmp) throws IOException {
        // Distinct: secrets-init is the bootstrapper's module under an image name of its own.
        for (String module : compose.builtServices().values().stream().distinct().toList()) {
            Path app = image(module, tmp.resolve(module));
            Manifest manifest;
            try (var in = Files.newInputStream(app.resolve("META-INF/MANIFEST.MF"))) {
                manifest = new Manifest(in);
            }
            String startClass = manifest.getMainAttributes().getValue("Start-Class");
            assertThat(startClass).as(module + " Start-Class").isNotBlank();
            assertThat(app.resolve("BOOT-INF/classes/" + startClass.replace('.', '/') + ".class")).as(module).exists();
            assertThat(app.resolve(entrypointClass().replace('.', '/') + ".class")).as(module).exists();
            assertThat(app.resolve("BOOT-INF/classpath.idx")).as(module).exists();
        }
    }

    @Test
    void theLayersAreThoseSpringBootsJarToolsExtract(@TempDir Path tmp) {
        // Boot's own tool on a service's jar (the extractor is the same for every jar, and each
        // extraction costs seconds): the same files, the same bytes.
        for (String module : List.of("eventstore-service")) {
            ModuleJar jar = ModuleJar.of(module);
            Path ours = tmp.resolve(module + "-ours");
            Path boot = tmp.resolve(module + "-boot");
            assertThat(Processes.run(Repo.root(), List.of(Processes.java(), "-cp", tools.toString(), "ExtractLayers",
                    jar.path().toString(), ours.toString())).exitCode()).isZero();
            Processes.Result extract = Processes.run(Repo.root(), List.of(Processes.java(), "-Djarmode=tools", "-jar",
                    jar.path().toString(), "extract", "--layers", "--launcher", "--destination", boot.toString()));
            assertThat(extract.exitCode()).as(extract.output()).isZero();
            assertThat(ours.toFile()).as(module).isDirectory();
            assertThat(tree(ours)).as(module).isEqualTo(tree(boot));
            for (String file : tree(boot)) {
                if (Files.isRegularFile(boot.resolve(file))) {
                    assertThat(ours.resolve(file)).as(module + " " + file).hasSameBinaryContentAs(boot.resolve(file));
                }
            }
        }
    }

    /** The runtime stage's /app for a module: the extract stage's script, then the COPY lines. */
    private static Path image(String module, Path tmp) {
        Path src = Repo.root();
        Path extracted = tmp.resolve("extracted");
        String script = extractScript().replace("/src/", src + "/").replace("/tools", tools.toString())
                .replace("/extracted", extracted.toString());
        Processes.Result run = Processes.run(src, List.of("sh", "-c", script), Map.of("MODULE", module));
        assertThat(run.exitCode()).as(module + ": " + run.output()).isZero();

        Path app = tmp.resolve("app");
        for (String layer : COPY_LAYER.matcher(dockerfile).results().map(r -> r.group(1)).toList()) {
            assertThat(extracted.resolve(layer)).as("layer " + layer + " of " + module).isDirectory();
            copyTree(extracted.resolve(layer), app);
        }
        return app;
    }

    /** The extract stage's RUN instruction, continuation lines joined. */
    private static String extractScript() {
        String stage = dockerfile.substring(dockerfile.indexOf(" AS extract"), dockerfile.indexOf(" AS runtime"));
        Matcher run = Pattern.compile("(?s)\nRUN (.*?[^\\\\])\n").matcher(stage);
        assertThat(run.find()).as("the extract stage has a RUN").isTrue();
        return run.group(1).replace("\\\n", "\n");
    }

    private static String entrypointClass() {
        Matcher m = ENTRYPOINT_CLASS.matcher(dockerfile);
        assertThat(m.find()).as("the Dockerfile's ENTRYPOINT names a launcher class").isTrue();
        return m.group(1);
    }

    private static List<String> tree(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.map(p -> root.relativize(p).toString()).sorted().toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void copyTree(Path from, Path to) {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(from)) {
            walk.forEach(files::add);
            for (Path source : files) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
