package io.eventstream.loadtool.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PgBenchTest {

    @Test
    void readsTpsAndLatencyFromPgbenchOutput() {
        String out = """
                pgbench (15.20 (Debian 15.20-0+deb12u1))
                transaction type: /tmp/x.sql
                number of clients: 8
                latency average = 1.193 ms
                initial connection time = 12.345 ms
                tps = 6706.123456 (without initial connection time)
                """;
        PgBench.Result r = PgBench.parse("insert", 8, out);
        assertThat(r.tps()).isEqualTo(6706.123456);
        assertThat(r.latencyAvgMs()).isEqualTo(1.193);
        assertThat(r.clients()).isEqualTo(8);
    }

    @Test
    void noTpsIsAFailureNotAZero() {
        assertThatThrownBy(() -> PgBench.parse("insert", 8, "connection refused"))
                .hasMessageContaining("no tps");
    }

    @Test
    void theScriptsInsertTheEventStoresRowShape() {
        assertThat(PgBench.INSERT_ONE).startsWith("INSERT INTO events (id, eventtype, aggregateid, aggregatetype, "
                + "eventdata, stream, version, payload, metadata)").endsWith(";\n");
        assertThat(PgBench.EVENT_AND_OUTBOX).contains("INSERT INTO outbox (event_id)");
        assertThat(PgBench.INSERT_ONE.lines()).hasSize(1); // pgbench reads one command per line
    }
}
