package io.eventstream.bootstrapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsParserTest {

    @Test
    void defaultsRunAgainstTheLocalMachine() {
        Settings settings = new SettingsParser(Map.of()).parse(new String[0]);

        assertThat(settings.natsUrl()).isEqualTo("nats://127.0.0.1:4222");
        assertThat(settings.stream()).isEqualTo("ORDERS");
        assertThat(settings.deadLetterStream()).isEqualTo("ORDERS_DLQ");
        assertThat(settings.dbAdminUrl().url()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/postgres");
        assertThat(settings.dbAdminUser()).isEqualTo("postgres");
        assertThat(settings.dbUser()).isEqualTo("shijuvar");
        assertThat(settings.dbPassword()).isEmpty();
        assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.databases()).extracting(TargetDatabase::name).containsExactly("eventstoredb", "ordersdb", "paymentsdb",
                "sagadb");
        assertThat(settings.databases()).extracting(d -> d.target().location())
                .containsExactly("db/eventstore", "db/orders", "db/payments",
                "db/saga");
    }

    @Test
    void flagsWinOverEnvironmentWhichWinsOverDefaults() {
        Map<String, String> env = Map.of("NATS_URL", "nats://env:4222", "DB_USER", "envuser", "ORDERS_DB", "env_orders",
                "DB_PASSWORD", "from-env");
        Settings settings = new SettingsParser(env).parse(new String[] {"--nats-url=nats://flag:4222",
                "--orders-db", "flag_orders"});

        assertThat(settings.natsUrl()).isEqualTo("nats://flag:4222");
        assertThat(settings.dbUser()).isEqualTo("envuser");
        assertThat(settings.dbPassword()).isEqualTo("from-env");
        assertThat(settings.databases()).extracting(TargetDatabase::name).containsExactly("eventstoredb", "flag_orders",
                "paymentsdb", "sagadb");
        assertThat(settings.toString()).doesNotContain("from-env");
    }

    @Test
    void everySchemaTargetHasItsOwnFlag() {
        assertThat(SettingsParser.options()).extracting(Option::flag)
                .contains(SchemaTarget.ALL.stream().map(SchemaTarget::flag).toArray(String[]::new));
        assertThat(SettingsParser.help()).contains("--eventstore-db", "EVENTSTORE_DB", "--orders-db", "ORDERS_DB");
    }

    @Test
    void badUsageIsRejected() {
        SettingsParser parser = new SettingsParser(Map.of());
        assertThatThrownBy(() -> parser.parse(new String[] {"--stream"})).isInstanceOf(UsageException.class)
                .hasMessage("--stream needs a value");
        assertThatThrownBy(() -> parser.parse(new String[] {"extra"})).isInstanceOf(UsageException.class)
                .hasMessage("unexpected argument 'extra'");
        assertThatThrownBy(() -> parser.parse(new String[] {"--help=yes"})).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> parser.parse(new String[] {"--db-user", "Shijuvar"}))
                .isInstanceOf(UsageException.class).hasMessageStartingWith("invalid user name 'Shijuvar'");
        assertThatThrownBy(() -> parser.parse(new String[] {"--eventstore-db", "1db"}))
                .isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> parser.parse(new String[] {"--stream", "ORDERS.*"}))
                .isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> parser.parse(new String[] {"--orders-db", "eventstoredb"}))
                .isInstanceOf(UsageException.class).hasMessageStartingWith("each database needs its own name");
        assertThatThrownBy(() -> parser.parse(new String[] {"--connect-timeout", "0"}))
                .isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> parser.parse(new String[] {"--db-admin-url", "postgres://x/y"}))
                .isInstanceOf(UsageException.class);
        assertThat(parser.parse(new String[] {"-h"})).isNull();
    }
}
