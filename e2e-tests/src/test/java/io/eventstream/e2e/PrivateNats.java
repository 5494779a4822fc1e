package io.eventstream.e2e;

import io.eventstream.common.testing.TestInfra;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A nats-server with JetStream of the fault suite's own, on a free port with a store in a
 * temporary directory, so it can be killed and restarted without disturbing the shared one on
 * 4222. A restart keeps the port and the store, as a restarted production server would.
 *
 * <p>nats-server 2.9 has no {@code sync_interval} (2.10 added it; docker/nats/js.conf sets
 * {@code always}): it fsyncs its stream files every two minutes. Killing the process does not
 * lose what it wrote, which stays in the kernel's page cache; losing the machine would.
 */
final class PrivateNats implements AutoCloseable {

    static final String BINARY = System.getProperty("nats.server", "/usr/sbin/nats-server");

    private final Path dir;
    private final int port;
    /** A configuration file (e.g. one that includes the NATS authorization), or null. */
    private Path config;
    private Process process;

    private PrivateNats(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    static PrivateNats start(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        PrivateNats nats = new PrivateNats(dir, TestInfra.freePort());
        nats.launch();
        return nats;
    }

    /**
     * With the configuration {@code config}, written into {@code dir} as {@code server.conf}: an
     * {@code include} in it is relative to {@code dir} (nats-server resolves includes so).
     */
    static PrivateNats start(Path dir, String config) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        PrivateNats nats = new PrivateNats(dir, TestInfra.freePort());
        nats.config = dir.resolve("server.conf");
        Files.writeString(nats.config, config);
        nats.launch();
        return nats;
    }

    String url() {
        return "nats://127.0.0.1:" + port;
    }

    /** Starts the server again on the same port and store, and waits until it accepts connections. */
    void launch() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("nats-server is running");
        }
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(BINARY, "-a", "127.0.0.1",
                "-p", Integer.toString(port), "-js", "-sd", dir.resolve("store").toString()));
        if (config != null) {
            command.addAll(java.util.List.of("-c", config.toString()));
        }
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("nats-server.log").toFile()))
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("nats-server exited; see " + dir.resolve("nats-server.log"));
            }
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("nats-server does not listen on " + port);
    }

    /** SIGKILL: the server has no chance to flush or say goodbye. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM: the server shuts down cleanly (what a restart by an operator or systemd does). */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    /** Waits until JetStream answers after a start: the stream may need a moment to recover from its files. */
    void awaitJetStream(String stream, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try (var nats = new Infra(url(), "", 0, "").natsConnection()) {
                nats.jetStreamManagement().getStreamInfo(stream);
                return;
            } catch (Exception e) {
                last = e;
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("JetStream stream " + stream + " not back after " + timeout, last);
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            stop();
        }
    }
}
