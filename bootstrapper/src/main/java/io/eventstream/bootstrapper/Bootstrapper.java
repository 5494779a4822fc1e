package io.eventstream.bootstrapper;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/**
 * One-shot CLI: creates what is absent (streams, user, databases, schemas) and says, one
 * line per thing, what it created and what already existed. Exit codes: 0 ok, 1 a server
 * unreachable or a step failed, 2 bad usage.
 */
public final class Bootstrapper {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private Bootstrapper() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (args.length > 0 && NatsAuthCommand.NAME.equals(args[0])) {
            return NatsAuthCommand.run(java.util.Arrays.copyOfRange(args, 1, args.length), env, out, err);
        }
        if (JwtCommands.handles(args)) {
            return JwtCommands.run(args, env, out, err);
        }
        if (args.length > 0 && args[0].equals(CertsCommand.NAME)) {
            return CertsCommand.run(java.util.Arrays.copyOfRange(args, 1, args.length), env, out, err);
        }
        Settings settings;
        try {
            settings = CommandLineReader.parse(args, env);
        } catch (UsageException e) {
            err.println("bootstrapper: " + e.getMessage() + " (see --help)");
            return USAGE;
        }
        if (settings == null) {
            out.print(CommandLineReader.help());
            return OK;
        }
        try {
            bootstrap(settings, out);
            return OK;
        } catch (UsageException e) {
            err.println("bootstrapper: " + e.getMessage() + " (see --help)");
            return USAGE;
        } catch (BootstrapException e) {
            err.println("bootstrapper: " + e.getMessage());
            return FAILED;
        } catch (RuntimeException e) {
            // Unexpected: still one line, but with the type, since the message alone may be cryptic.
            err.println("bootstrapper: failed: " + e.getClass().getSimpleName() + ": " + Messages.of(e));
            return FAILED;
        } finally {
            out.flush();
        }
    }

    private static void bootstrap(Settings settings, PrintStream out) {
        DatabaseConnector connector = new DatabaseConnector(settings.connectTimeout());
        // Both servers are reached before anything is created, so an unreachable one changes nothing.
        try (io.nats.client.Connection nats = NatsConnector.connect(settings);
             Connection admin = connector.open(settings.dbAdminUrl(), settings.dbAdminUser(),
                     settings.dbAdminPassword())) {
            Engine engine = DatabaseSetup.detect(admin);
            out.println("database server " + settings.dbAdminUrl().server() + ": " + engine.displayName());

            StreamSetup streams = new StreamSetup(nats, settings.natsUrl(), out);
            if (settings.drop()) {
                Teardown.dropAll(settings, nats, admin, engine, out);
                return;
            }
            streams.ensureAll(settings.types());

            DatabaseSetup databases = new DatabaseSetup(admin, engine, settings, connector, out);
            databases.ensureUser();
            for (TargetDatabase database : settings.databases()) {
                databases.ensureDatabase(database.name());
            }
            SchemaMigrator migrator = new SchemaMigrator(settings, connector, out);
            for (TargetDatabase database : settings.databases()) {
                migrator.migrate(database);
            }
        } catch (SQLException e) {
            throw new BootstrapException("closing the database connection failed: " + Messages.of(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BootstrapException("interrupted", e);
        }
    }
}
