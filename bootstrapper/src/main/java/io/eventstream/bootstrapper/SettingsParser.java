package io.eventstream.bootstrapper;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the settings from flags ({@code --name value} or {@code --name=value}), then
 * environment variables, then the defaults for the local machine.
 */
final class SettingsParser {

    static final Option HELP = Option.flag("--help", "print this help and exit");
    static final Option DROP = Option.flag("--drop",
            "instead: DELETE the streams and DROP the databases above (all their data), with --yes");
    static final Option YES = Option.flag("--yes", "confirm --drop");
    static final Option NATS_URL = Option.value("--nats-url", "NATS_URL", "nats://127.0.0.1:4222",
            "NATS server(s), comma separated");
    static final Option NATS_USER = Option.value("--nats-user", "NATS_USER", "", "NATS user (optional)");
    static final Option NATS_PASSWORD = Option.secret("--nats-password", "NATS_PASSWORD", "NATS password (optional)");
    static final Option NATS_CREDS = Option.value("--nats-creds", "NATS_CREDS", "",
            "NATS credentials file (optional)");
    static final Option STREAM = Option.value("--stream", "NATS_STREAM", "ORDERS",
            "JetStream stream; subjects <stream>.*, dead letters in <stream>_DLQ");
    static final Option DB_ADMIN_URL = Option.value("--db-admin-url", "DB_ADMIN_URL",
            "jdbc:postgresql://127.0.0.1:5432/postgres", "JDBC URL of the server, as administrator");
    static final Option DB_ADMIN_USER = Option.value("--db-admin-user", "DB_ADMIN_USER", "postgres",
            "administrator that creates databases and the user");
    static final Option DB_ADMIN_PASSWORD = Option.secret("--db-admin-password", "DB_ADMIN_PASSWORD",
            "administrator's password");
    static final Option DB_USER = Option.value("--db-user", "DB_USER", "shijuvar",
            "service user (LOGIN, not superuser); owns the tables");
    static final Option DB_PASSWORD = Option.secret("--db-password", "DB_PASSWORD",
            "service user's password, set when the user is created");
    static final Option CONNECT_TIMEOUT = Option.value("--connect-timeout", "CONNECT_TIMEOUT", "5",
            "seconds to wait for NATS and the database to answer");

    private static final List<Option> FIXED = List.of(NATS_URL, NATS_USER, NATS_PASSWORD, NATS_CREDS, STREAM,
            DB_ADMIN_URL, DB_ADMIN_USER, DB_ADMIN_PASSWORD, DB_USER, DB_PASSWORD);

    private final Map<String, String> env;

    SettingsParser(Map<String, String> env) {
        this.env = env;
    }

    /** Every option, in the order of the help text. */
    static List<Option> options() {
        List<Option> all = new ArrayList<>(FIXED);
        for (SchemaTarget target : SchemaTarget.ALL) {
            all.add(Option.value(target.flag(), target.envVariable(), target.defaultDatabase(),
                    "database for migrations " + target.location()));
        }
        all.add(CONNECT_TIMEOUT);
        all.add(DROP);
        all.add(YES);
        all.add(HELP);
        return all;
    }

    /** The settings, or {@code null} when help was asked for. */
    Settings parse(String[] args) {
        Map<String, Option> byFlag = new HashMap<>();
        options().forEach(o -> byFlag.put(o.flag(), o));
        byFlag.put("-h", HELP);
        Map<Option, String> given = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            Option option = byFlag.get(name);
            if (option == null) {
                throw new UsageException(arg.startsWith("-")
                        ? "unknown option " + name
                        : "unexpected argument '" + arg + "'");
            }
            if (option.switchOnly()) {
                if (value != null) {
                    throw new UsageException(name + " takes no value");
                }
                given.put(option, "true");
                continue;
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new UsageException(name + " needs a value");
                }
                value = args[++i];
            }
            given.put(option, value);
        }
        if (given.containsKey(HELP)) {
            return null;
        }
        List<TargetDatabase> databases = new ArrayList<>();
        for (Option option : options()) {
            for (SchemaTarget target : SchemaTarget.ALL) {
                if (option.flag().equals(target.flag())) {
                    databases.add(new TargetDatabase(Identifiers.sql("database", value(option, given)), target));
                }
            }
        }
        if (databases.stream().map(TargetDatabase::name).distinct().count() != databases.size()) {
            throw new UsageException("each database needs its own name: " + databases.stream()
                    .map(TargetDatabase::name).toList());
        }
        if (given.containsKey(DROP) && !given.containsKey(YES)) {
            throw new UsageException("--drop deletes the streams and the databases with all their data: add --yes");
        }
        String natsUrl = value(NATS_URL, given);
        if (natsUrl.isBlank()) {
            throw new UsageException(NATS_URL.flag() + " must not be empty");
        }
        return new Settings(
                natsUrl,
                value(NATS_USER, given),
                value(NATS_PASSWORD, given),
                value(NATS_CREDS, given),
                Identifiers.stream(value(STREAM, given)),
                JdbcUrl.parse(value(DB_ADMIN_URL, given)),
                value(DB_ADMIN_USER, given),
                value(DB_ADMIN_PASSWORD, given),
                Identifiers.sql("user", value(DB_USER, given)),
                value(DB_PASSWORD, given),
                List.copyOf(databases),
                timeout(value(CONNECT_TIMEOUT, given)),
                given.containsKey(DROP));
    }

    private String value(Option option, Map<Option, String> given) {
        String flagValue = given.get(option);
        if (flagValue != null) {
            return flagValue;
        }
        String envValue = option.env() == null ? null : env.get(option.env());
        return envValue != null && !envValue.isEmpty() ? envValue : option.defaultValue();
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
        throw new UsageException(CONNECT_TIMEOUT.flag() + " must be a whole number of seconds from 1 to 300 (got '"
                + seconds + "')");
    }

    static String help() {
        StringBuilder text = new StringBuilder("""
                Usage: java -jar bootstrapper.jar [options]

                Creates what is absent: the JetStream stream and its dead-letter stream, the databases,
                the service user and the schemas (Flyway migrations, run as the service user).
                Safe to run again: reports what already exists. Exit codes: 0 ok, 1 failed, 2 bad usage.

                Options (flag, environment variable, default):
                """);
        for (Option option : options()) {
            // A secret's default is always empty; its value from flags or environment is never shown.
            String shown = option.switchOnly() ? ""
                    : option.secret() || option.defaultValue().isEmpty() ? " (default: none)"
                    : " (default: " + option.defaultValue() + ")";
            text.append(String.format("  %-19s %-18s %s%s%n", option.flag(), option.env() == null ? "" : option.env(),
                    option.description(), shown));
        }
        return text.toString();
    }
}
