package io.eventstream.bootstrapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class CommandLineReaderTest {

    /** What deploy-checks' EnvironmentBindingTest reads from --help: a flag, then its variable. */
    private static final Pattern HELP_OPTION =
            Pattern.compile("^\\s+(--[a-z][a-z0-9-]*)\\s+([A-Z][A-Z0-9_]*)\\s", Pattern.MULTILINE);

    private static Settings parse(Map<String, String> env, String... args) {
        return CommandLineReader.parse(args, env);
    }

    private static Settings parse(String... args) {
        return parse(Map.of(), args);
    }

    @Test
    void defaultsRunAgainstTheLocalMachine() {
        Settings settings = parse();

        assertThat(settings.natsUrl()).isEqualTo("nats://127.0.0.1:4222");
        assertThat(settings.natsUser()).isEmpty();
        assertThat(settings.natsPassword()).isEmpty();
        assertThat(settings.natsCredsFile()).isEmpty();
        assertThat(settings.stream()).isEqualTo("ORDERS");
        assertThat(settings.deadLetterStream()).isEqualTo("ORDERS_DLQ");
        assertThat(settings.dbAdminUrl().url()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/postgres");
        assertThat(settings.dbAdminUser()).isEqualTo("postgres");
        assertThat(settings.dbAdminPassword()).isEmpty();
        assertThat(settings.dbUser()).isEqualTo("shijuvar");
        assertThat(settings.dbPassword()).isEmpty();
        assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.drop()).isFalse();
        assertThat(settings.databases()).extracting(TargetDatabase::name).containsExactly("eventstoredb", "ordersdb", "paymentsdb",
                "sagadb");
        assertThat(settings.databases()).extracting(d -> d.target().location())
                .containsExactly("db/eventstore", "db/orders", "db/payments",
                "db/saga");
    }

    @Test
    void flagsWinOverEnvironmentWhichWinsOverDefaults() {
        Map<String, String> env = Map.of("NATS_URL", "nats://env:4222", "DB_USER", "envuser", "ORDERS_DB", "env_orders",
                "DB_PASSWORD", "from-env", "NATS_STREAM", "ENVSTREAM", "CONNECT_TIMEOUT", "7");
        Settings settings = parse(env, "--nats-url=nats://flag:4222", "--orders-db", "flag_orders");

        assertThat(settings.natsUrl()).isEqualTo("nats://flag:4222");
        assertThat(settings.dbUser()).isEqualTo("envuser");
        assertThat(settings.dbPassword()).isEqualTo("from-env");
        assertThat(settings.stream()).isEqualTo("ENVSTREAM");
        assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(settings.databases()).extracting(TargetDatabase::name).containsExactly("eventstoredb", "flag_orders",
                "paymentsdb", "sagadb");
        assertThat(settings.toString()).doesNotContain("from-env");
    }

    @Test
    void everyVariableOfHelpIsReadFromTheEnvironment() {
        // Each variable --help lists, set to a value of its own, reaches the settings.
        Map<String, String> env = new LinkedHashMap<>();
        Matcher m = HELP_OPTION.matcher(CommandLineReader.help());
        while (m.find()) {
            String variable = m.group(2);
            env.put(variable, variable.endsWith("_DB") ? variable.toLowerCase() : switch (variable) {
                case "NATS_URL" -> "nats://from-env:4222";
                case "NATS_STREAM" -> "FROMENV";
                case "DB_ADMIN_URL" -> "jdbc:postgresql://from-env:5432/postgres";
                case "DB_USER" -> "env_user";
                case "CONNECT_TIMEOUT" -> "9";
                default -> "env-" + variable;
            });
        }
        assertThat(env).hasSize(12 + SchemaTarget.ALL.size());

        Settings settings = parse(env);

        assertThat(settings.natsUrl()).isEqualTo("nats://from-env:4222");
        assertThat(settings.natsUser()).isEqualTo("env-NATS_USER");
        assertThat(settings.natsPassword()).isEqualTo("env-NATS_PASSWORD");
        assertThat(settings.natsCredsFile()).isEqualTo("env-NATS_CREDS");
        assertThat(settings.natsNkeyFile()).isEqualTo("env-NATS_NKEY");
        assertThat(settings.stream()).isEqualTo("FROMENV");
        assertThat(settings.dbAdminUrl().server()).isEqualTo("from-env:5432");
        assertThat(settings.dbAdminUser()).isEqualTo("env-DB_ADMIN_USER");
        assertThat(settings.dbAdminPassword()).isEqualTo("env-DB_ADMIN_PASSWORD");
        assertThat(settings.dbUser()).isEqualTo("env_user");
        assertThat(settings.dbPassword()).isEqualTo("env-DB_PASSWORD");
        assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(9));
        assertThat(settings.databases()).extracting(TargetDatabase::name)
                .containsExactly("eventstore_db", "orders_db", "payments_db", "saga_db");
    }

    @Test
    void anEmptyVariableCountsAsUnset() {
        Settings settings = parse(Map.of("NATS_URL", "", "DB_USER", ""));

        assertThat(settings.natsUrl()).isEqualTo("nats://127.0.0.1:4222");
        assertThat(settings.dbUser()).isEqualTo("shijuvar");
    }

    @Test
    void theLastOfARepeatedFlagWins() {
        assertThat(parse("--stream", "FIRST", "--stream=SECOND").stream()).isEqualTo("SECOND");
    }

    @Test
    void everySchemaTargetHasItsOwnFlagAndVariableInTheHelp() {
        String help = CommandLineReader.help();
        for (SchemaTarget target : SchemaTarget.ALL) {
            assertThat(help).containsPattern("(?m)^  " + target.flag() + " +" + target.envVariable()
                    + " +database for migrations " + target.location() + " \\(default: " + target.defaultDatabase() + "\\)$");
        }
    }

    @Test
    void helpListsEveryOptionWithItsVariableAndDeclaredDefaultOnly() {
        String help = CommandLineReader.help();

        assertThat(help).startsWith("Usage: java -jar bootstrapper.jar [options]")
                .contains("Exit codes: 0 ok, 1 failed, 2 bad usage.")
                .containsPattern("(?m)^  --nats-url +NATS_URL +NATS server\\(s\\), comma separated \\(default: nats://127.0.0.1:4222\\)$")
                .containsPattern("(?m)^  --db-password +DB_PASSWORD +.* \\(default: none\\)$")
                .containsPattern("(?m)^  --db-admin-password +DB_ADMIN_PASSWORD +.* \\(default: none\\)$")
                .containsPattern("(?m)^  --nats-password +NATS_PASSWORD +.* \\(default: none\\)$")
                .containsPattern("(?m)^  --drop +instead: DELETE")
                .containsPattern("(?m)^  --help, -h +print this help and exit$")
                .doesNotContain("\u001b[");
        Map<String, String> flagToVariable = new LinkedHashMap<>();
        Matcher m = HELP_OPTION.matcher(help);
        while (m.find()) {
            flagToVariable.put(m.group(1), m.group(2));
        }
        assertThat(flagToVariable).containsEntry("--stream", "NATS_STREAM").containsEntry("--connect-timeout", "CONNECT_TIMEOUT")
                .containsEntry("--db-admin-url", "DB_ADMIN_URL").containsEntry("--nats-creds", "NATS_CREDS")
                .doesNotContainKeys("--drop", "--yes", "--help");
    }

    @Test
    void badUsageIsRejected() {
        assertThatThrownBy(() -> parse("--stream")).isInstanceOf(UsageException.class)
                .hasMessage("--stream needs a value");
        assertThatThrownBy(() -> parse("extra")).isInstanceOf(UsageException.class)
                .hasMessage("unexpected argument 'extra'");
        assertThatThrownBy(() -> parse("--help=yes")).isInstanceOf(UsageException.class)
                .hasMessage("--help takes no value");
        assertThatThrownBy(() -> parse("--bogus")).isInstanceOf(UsageException.class)
                .hasMessage("unknown option --bogus");
        assertThatThrownBy(() -> parse("--db-user", "Shijuvar"))
                .isInstanceOf(UsageException.class).hasMessageStartingWith("invalid user name 'Shijuvar'");
        assertThatThrownBy(() -> parse("--eventstore-db", "1db"))
                .isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> parse("--stream", "ORDERS.*"))
                .isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> parse("--orders-db", "eventstoredb"))
                .isInstanceOf(UsageException.class).hasMessageStartingWith("each database needs its own name");
        assertThatThrownBy(() -> parse("--connect-timeout", "0"))
                .isInstanceOf(UsageException.class)
                .hasMessage("--connect-timeout must be a whole number of seconds from 1 to 300 (got '0')");
        assertThatThrownBy(() -> parse("--db-admin-url", "postgres://x/y"))
                .isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> parse("--nats-url", " "))
                .isInstanceOf(UsageException.class).hasMessage("--nats-url must not be empty");
        assertThatThrownBy(() -> parse("--drop"))
                .isInstanceOf(UsageException.class).hasMessageContaining("add --yes");
        assertThat(parse("--drop", "--yes").drop()).isTrue();
        assertThat(parse("-h")).isNull();
        assertThat(parse("--help")).isNull();
    }

    // What picocli changed, each on purpose or harmless.

    @Test
    void aFlagIsNotTakenAsTheValueOfTheOptionBeforeIt() {
        // Before picocli, "--nats-url --drop" made "--drop" the URL.
        assertThatThrownBy(() -> parse("--nats-url", "--drop", "--yes")).isInstanceOf(UsageException.class)
                .hasMessage("--nats-url needs a value");
        // A value that merely starts with '-' and is no flag is still a value (a password may).
        assertThat(parse("--db-password", "-secret-").dbPassword()).isEqualTo("-secret-");
    }

    @Test
    void aSwitchTakesNoValueNotEvenTrue() {
        assertThatThrownBy(() -> parse("--drop=true", "--yes")).isInstanceOf(UsageException.class)
                .hasMessage("--drop takes no value");
    }

    @Test
    void anAtFileIsNotExpandedAndShortOptionsDoNotCluster() {
        assertThatThrownBy(() -> parse("@/etc/hostname")).isInstanceOf(UsageException.class)
                .hasMessage("unexpected argument '@/etc/hostname'");
        assertThatThrownBy(() -> parse("-hx")).isInstanceOf(UsageException.class)
                .hasMessage("unknown option -hx");
    }

    @Test
    void anUnknownOptionIsNamedWithoutItsValue() {
        assertThatThrownBy(() -> parse("--db-pasword=hunter2")).isInstanceOf(UsageException.class)
                .hasMessage("unknown option --db-pasword");
    }

    @Test
    void doubleDashEndsTheOptionsAndWhatFollowsIsRejected() {
        // picocli reads "--" as the end of options; the bootstrapper takes no arguments after it.
        assertThat(parse("--")).isNotNull();
        assertThatThrownBy(() -> parse("--", "X")).isInstanceOf(UsageException.class)
                .hasMessage("unexpected argument 'X'");
    }
}
