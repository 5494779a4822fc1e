package io.eventstream.e2e;

import io.eventstream.common.testing.TestPki;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One service's packaged jar running as its own process, its output in target/e2e-logs: unpacked
 * and with its class data archive, as ./suite starts it ({@link UnpackedJars}, {@link ClassDataArchives}).
 */
final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Path jar;
    private final List<String> args;
    private final int httpPort;
    private final Path log;
    private Process process;
    private ClassDataArchives.Use archive;

    ServiceProcess(String name, Path jar, int httpPort, List<String> args) {
        this.name = name;
        this.jar = jar;
        this.httpPort = httpPort;
        this.args = List.copyOf(args);
        this.log = Path.of("target", "e2e-logs", name + ".log");
    }

    /**
     * The services' JVM flags: {@code -De2e.jvm-options="..."} (scripts/faults.sh passes ./suite's),
     * else C1 only, unlike ./suite: a test's services live for seconds, and C2 would spend the CI
     * machine's two cores compiling code that never gets hot (the JIT changes no behaviour).
     */
    static List<String> jvmOptions() {
        String given = System.getProperty("e2e.jvm-options", "").strip();
        return given.isEmpty() ? List.of("-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")
                : List.of(given.split("\\s+"));
    }

    /** Starts the process (again, after a kill) and waits until its readiness probe answers UP. */
    ServiceProcess start() throws IOException, InterruptedException {
        launch();
        awaitReady();
        return this;
    }

    /** Starts the process without waiting: start several, then {@link #awaitReady()} each. */
    ServiceProcess launch() throws IOException {
        Jars.require(List.of(jar));
        exited();
        Path runnable = UnpackedJars.of(jar);
        archive = ClassDataArchives.forStart(UnpackedJars.module(jar));
        Files.createDirectories(log.getParent());
        try {
            Suite.runCertsCommand();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while making the suite's certificates", e);
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions());
        command.addAll(archive.flags());
        command.addAll(List.of(
                "-jar", runnable.toString(),
                "--server.port=" + httpPort,
                "--spring.main.banner-mode=off",
                // gRPC over mutual TLS, the shipped default: the suite's certificates (Suite makes them
                // with the bootstrapper's certs command); each service is its own identity.
                "--eventstream.tls.dir=" + TestPki.DIR));
        command.addAll(args);
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        return this;
    }

    void awaitReady() throws InterruptedException {
        awaitReady(Duration.ofSeconds(120));
    }

    /** As {@link #awaitReady()}, for a test that starts many processes at once on a busy machine. */
    void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest probe = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/actuator/health/readiness"))
                .timeout(Duration.ofSeconds(2)).build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log.toAbsolutePath());
            }
            try {
                if (HTTP.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(name + " not ready after " + timeout + "; see " + log.toAbsolutePath());
    }

    /** Whether the process runs (started and not stopped or killed), ready or not. */
    boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no graceful anything. */
    void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor();
        }
        exited();
    }

    /**
     * SIGTERM, as `./suite down`, Docker and Kubernetes stop a service, and waits until the
     * process has exited (the graceful shutdown); returns how long that took.
     */
    Duration terminate() throws InterruptedException {
        long start = System.nanoTime();
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + " still running 60 s after SIGTERM");
            }
        }
        exited();
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /**
     * Sends a signal with kill(1), e.g. STOP to freeze the process (it keeps its sockets but
     * answers nothing, as in a long GC pause or a stalled VM) and CONT to let it go on.
     */
    void signal(String signal) throws IOException, InterruptedException {
        if (process == null || !process.isAlive()) {
            throw new IllegalStateException(name + " is not running");
        }
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
        }
    }

    long pid() {
        return process.pid();
    }

    int httpPort() {
        return httpPort;
    }

    String name() {
        return name;
    }

    /** SIGTERM without waiting: stop several, then {@link #close()} each. */
    void requestStop() {
        if (process != null && process.isAlive()) {
            process.destroy();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            // Writing the class data archive on the way out takes a JVM several seconds more.
            if (!process.waitFor(archive != null && archive.writing() != null ? 90 : 20, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor();
            }
        }
        exited();
    }

    /** Once the process has exited: settles the class data archive it was to write. */
    private void exited() {
        if (process != null && !process.isAlive() && archive != null) {
            archive.exited(process.exitValue());
            archive = null;
        }
    }
}
