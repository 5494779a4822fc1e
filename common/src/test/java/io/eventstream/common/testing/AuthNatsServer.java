package io.eventstream.common.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A nats-server of its own with user/password authentication and JetStream, on a free port
 * with a temporary store: the shared local server has no authentication.
 */
public final class AuthNatsServer implements AutoCloseable {

    public static final String BINARY = System.getProperty("nats.server", "/usr/sbin/nats-server");

    private final Process process;
    private final Path storeDir;
    private final int port;

    private AuthNatsServer(Process process, Path storeDir, int port) {
        this.process = process;
        this.storeDir = storeDir;
        this.port = port;
    }

    /** Skips the calling test (as deploy-checks does) on a machine without nats-server. */
    public static AuthNatsServer start(String user, String password) throws IOException, InterruptedException {
        return launch(List.of("--user", user, "--pass", password), null);
    }

    /**
     * With a configuration file holding {@code config} (e.g. operator mode with a memory resolver
     * for JWT and .creds authentication); address, port and JetStream are set on the command line.
     */
    public static AuthNatsServer startWithConfig(String config) throws IOException, InterruptedException {
        return launch(List.of(), config, null);
    }

    /**
     * As {@link #startWithConfig}, with the configuration file written into {@code configDir}:
     * an {@code include} must be relative to the main configuration's folder (2.9 joins even an
     * absolute path to it: https://docs.nats.io/running-a-nats-service/configuration#include-directive).
     */
    public static AuthNatsServer startWithConfigIn(Path configDir, String config) throws IOException, InterruptedException {
        return launch(List.of(), config, configDir);
    }

    private static AuthNatsServer launch(List<String> extraArgs, String config) throws IOException, InterruptedException {
        return launch(extraArgs, config, null);
    }

    private static AuthNatsServer launch(List<String> extraArgs, String config, Path configDir)
            throws IOException, InterruptedException {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of(BINARY)),
                BINARY + " is not installed (set -Dnats.server=<path>)");
        int port = TestInfra.freePort();
        Path storeDir = Files.createTempDirectory("nats-auth-");
        List<String> command = new ArrayList<>(List.of(BINARY, "-a", "127.0.0.1", "-p", Integer.toString(port),
                "-js", "-sd", storeDir.toString()));
        if (config != null) {
            Path file = (configDir == null ? storeDir : configDir).resolve("server.conf");
            Files.writeString(file, config);
            command.addAll(List.of("-c", file.toString()));
        }
        command.addAll(extraArgs);
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(storeDir.resolve("server.log").toFile())
                .start();
        AuthNatsServer server = new AuthNatsServer(process, storeDir, port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("nats-server exited: " + Files.readString(storeDir.resolve("server.log")));
            }
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return server;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        server.close();
        throw new IllegalStateException("nats-server did not listen on " + port);
    }

    /** Where a test can write files next to the server's store (removed on close). */
    public Path directory() {
        return storeDir;
    }

    public String url() {
        return "nats://127.0.0.1:" + port;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        try (Stream<Path> files = Files.walk(storeDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
