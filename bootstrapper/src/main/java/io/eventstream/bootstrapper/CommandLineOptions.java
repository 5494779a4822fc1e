package io.eventstream.bootstrapper;

import io.eventstream.common.nats.NatsProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The bootstrapper's command line, declared for picocli. Each option's {@code paramLabel} is the
 * environment variable it falls back to ({@link EnvironmentDefaults}), then its {@code defaultValue}
 * (the local machine). Passwords declare no default, so {@code --help} has nothing of theirs to show.
 * {@code order} is the order of the help's table ({@link OptionTable}).
 */
@Command(name = "bootstrapper",
        customSynopsis = "java -jar bootstrapper.jar [options]",
        description = {
            "",
            "Creates what is absent: the JetStream stream and its dead-letter stream, the databases,",
            "the service user and the schemas (Flyway migrations, run as the service user).",
            "Safe to run again: reports what already exists. Exit codes: 0 ok, 1 failed, 2 bad usage.",
            "`nats-auth --help`: the NATS authorization (one NKey user per service) for the server."},
        optionListHeading = OptionTable.HEADING,
        usageHelpWidth = 120)
final class CommandLineOptions {

    /** Where the per-database options ({@link SchemaTarget#ALL}) go in the help: after the fixed ones. */
    private static final int SCHEMA_TARGET_ORDER = 20;

    @Spec
    CommandSpec spec;

    @Option(names = "--nats-url", paramLabel = "NATS_URL", defaultValue = "nats://127.0.0.1:4222", order = 1,
            description = "NATS server(s), comma separated")
    String natsUrl;

    @Option(names = "--nats-user", paramLabel = "NATS_USER", defaultValue = "", order = 2,
            description = "NATS user (optional)")
    String natsUser;

    @Option(names = "--nats-password", paramLabel = "NATS_PASSWORD", order = 3,
            description = "NATS password (optional)")
    String natsPassword;

    @Option(names = "--nats-creds", paramLabel = "NATS_CREDS", defaultValue = "", order = 4,
            description = "NATS credentials file (optional)")
    String natsCreds;

    @Option(names = "--nats-nkey", paramLabel = "NATS_NKEY", defaultValue = "", order = 4,
            description = "NATS NKey seed file (optional; nats-auth writes bootstrapper.nk)")
    String natsNkey;

    @Option(names = "--stream", paramLabel = "NATS_STREAM", defaultValue = NatsProperties.DEFAULT_STREAM, order = 5,
            description = "JetStream stream; subjects <stream>.*, dead letters in <stream>_DLQ")
    String stream;

    @Option(names = "--db-admin-url", paramLabel = "DB_ADMIN_URL",
            defaultValue = "jdbc:postgresql://127.0.0.1:5432/postgres", order = 6,
            description = "JDBC URL of the server, as administrator")
    String dbAdminUrl;

    @Option(names = "--db-admin-user", paramLabel = "DB_ADMIN_USER", defaultValue = "postgres", order = 7,
            description = "administrator that creates databases and the user")
    String dbAdminUser;

    @Option(names = "--db-admin-password", paramLabel = "DB_ADMIN_PASSWORD", order = 8,
            description = "administrator's password")
    String dbAdminPassword;

    @Option(names = "--db-user", paramLabel = "DB_USER", defaultValue = "shijuvar", order = 9,
            description = "service user (LOGIN, not superuser); owns the tables")
    String dbUser;

    @Option(names = "--db-password", paramLabel = "DB_PASSWORD", order = 10,
            description = "service user's password, set when the user is created")
    String dbPassword;

    @Option(names = "--connect-timeout", paramLabel = "CONNECT_TIMEOUT", defaultValue = "5", order = 50,
            description = "seconds to wait for NATS and the database to answer")
    String connectTimeout;

    // arity 0: a switch takes no value, not even --drop=true.
    @Option(names = "--drop", arity = "0", order = 51,
            description = "instead: DELETE the streams and DROP the databases above (all their data), with --yes")
    boolean drop;

    @Option(names = "--yes", arity = "0", order = 52, description = "confirm --drop")
    boolean yes;

    @Option(names = {"--help", "-h"}, usageHelp = true, arity = "0", order = 53,
            description = "print this help and exit")
    boolean help;

    /** One option per database, so adding a {@link SchemaTarget} adds its flag and variable. */
    static void addSchemaTargets(CommandSpec spec) {
        int order = SCHEMA_TARGET_ORDER;
        for (SchemaTarget target : SchemaTarget.ALL) {
            spec.addOption(OptionSpec.builder(target.flag())
                    .paramLabel(target.envVariable())
                    .type(String.class)
                    .arity("1")
                    .defaultValue(target.defaultDatabase())
                    .order(order++)
                    .description("database for migrations " + target.location())
                    .build());
        }
    }

    /** The parsed values, checked: names that go into DDL or subjects, the timeout, --drop's --yes. */
    Settings settings() {
        List<TargetDatabase> databases = new ArrayList<>();
        for (SchemaTarget target : SchemaTarget.ALL) {
            String name = spec.findOption(target.flag()).getValue();
            databases.add(new TargetDatabase(Identifiers.sql("database", name), target));
        }
        if (databases.stream().map(TargetDatabase::name).distinct().count() != databases.size()) {
            throw new UsageException("each database needs its own name: " + databases.stream()
                    .map(TargetDatabase::name).toList());
        }
        if (drop && !yes) {
            throw new UsageException("--drop deletes the streams and the databases with all their data: add --yes");
        }
        if (natsUrl.isBlank()) {
            throw new UsageException("--nats-url must not be empty");
        }
        return new Settings(
                natsUrl,
                natsUser,
                orEmpty(natsPassword),
                natsCreds,
                Identifiers.stream(stream),
                JdbcUrl.parse(dbAdminUrl),
                dbAdminUser,
                orEmpty(dbAdminPassword),
                Identifiers.sql("user", dbUser),
                orEmpty(dbPassword),
                List.copyOf(databases),
                timeout(connectTimeout),
                drop,
                natsNkey);
    }

    private static String orEmpty(String secret) {
        return secret == null ? "" : secret;
    }

    private static Duration timeout(String seconds) {
        try {
            int value = Integer.parseInt(seconds.trim());
            if (value >= 1 && value <= 300) {
                return Duration.ofSeconds(value);
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new UsageException("--connect-timeout must be a whole number of seconds from 1 to 300 (got '"
                + seconds + "')");
    }
}
