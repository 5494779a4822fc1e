package io.eventstream.e2e;

import io.eventstream.common.testing.TestInfra;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL cluster of the fault suite's own (initdb in a directory of the run, a free
 * port, trust authentication, fsync on as by default), so it can be crashed and restarted
 * without disturbing the shared server on 5432. initdb and the server refuse to run as root,
 * so as root they run as the {@code postgres} user through runuser(1); as anyone else, as is.
 */
final class PrivatePostgres implements AutoCloseable {

    static final Path BIN = Path.of(System.getProperty("postgres.bin", "/usr/lib/postgresql/15/bin"));

    private final Path dir;
    private final int port;
    private boolean running;

    private PrivatePostgres(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));
    private static final Path RUNUSER = Path.of("/usr/sbin/runuser");

    static boolean available() {
        return Files.isExecutable(BIN.resolve("initdb")) && (!ROOT || Files.isExecutable(RUNUSER));
    }

    static PrivatePostgres start(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        if (ROOT) {
            run("chown", "postgres:postgres", dir.toString());
        }
        PrivatePostgres pg = new PrivatePostgres(dir, TestInfra.freePort());
        // --no-sync only skips syncing the template files once; the server itself runs with fsync on.
        pg.asPostgres(BIN.resolve("initdb").toString(), "-D", pg.data().toString(), "-A", "trust", "-U", "postgres",
                "-E", "UTF8", "--no-sync");
        pg.pgCtl("start");
        pg.running = true;
        return pg;
    }

    Infra infra(String natsUrl) {
        return new Infra(natsUrl, "127.0.0.1", port, "postgres");
    }

    /** A crash: every server process is killed without a checkpoint, and recovery replays the WAL at start. */
    void crashAndRestart() throws IOException, InterruptedException {
        pgCtl("restart", "-m", "immediate");
        awaitAccepting(Duration.ofSeconds(60));
    }

    private Path data() {
        return dir.resolve("data");
    }

    private void pgCtl(String action, String... extra) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(BIN.resolve("pg_ctl").toString(), "-D", data().toString(),
                "-l", dir.resolve("postgresql.log").toString(), "-w", "-t", "60",
                "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c max_connections=100"
                        + " -c shared_buffers=64MB -c fsync=on -c synchronous_commit=on",
                action));
        command.addAll(List.of(extra));
        asPostgres(command.toArray(String[]::new));
    }

    private void awaitAccepting(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try (var c = DriverManager.getConnection(infra("").jdbcUrl("postgres"), "postgres", "")) {
                return;
            } catch (SQLException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("PostgreSQL on " + port + " not back: " + notYet.getMessage());
                }
                Thread.sleep(100);
            }
        }
    }

    private void asPostgres(String... command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(ROOT ? List.of(RUNUSER.toString(), "-u", "postgres", "--") : List.of());
        full.addAll(List.of(command));
        run(full.toArray(String[]::new));
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }

    /** Stops the server and deletes its data; the server's log stays in the run's directory. */
    @Override
    public void close() throws IOException, InterruptedException {
        if (running) {
            running = false;
            pgCtl("stop", "-m", "fast");
        }
        try (Stream<Path> files = Files.walk(data())) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
