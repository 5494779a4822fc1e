package io.eventstream.bootstrapper;

import io.eventstream.common.events.OrderEventTypes;
import java.time.Duration;
import java.util.List;

/** What the bootstrapper connects to and what it creates. */
public record Settings(
        String natsUrl,
        String natsUser,
        String natsPassword,
        String natsCredsFile,
        String stream,
        JdbcUrl dbAdminUrl,
        String dbAdminUser,
        String dbAdminPassword,
        String dbUser,
        String dbPassword,
        List<TargetDatabase> databases,
        Duration connectTimeout,
        boolean drop,
        String natsNkeyFile) {

    /** The stream's names (subjects, its dead-letter stream), spelled once in common. */
    public OrderEventTypes types() {
        return new OrderEventTypes(stream);
    }

    public String deadLetterStream() {
        return types().deadLetterStream();
    }

    /** Without the passwords: settings may be printed, passwords never. */
    @Override
    public String toString() {
        return "Settings[natsUrl=" + natsUrl + ", natsUser=" + natsUser + ", stream=" + stream
                + ", dbAdminUrl=" + dbAdminUrl + ", dbAdminUser=" + dbAdminUser + ", dbUser=" + dbUser
                + ", databases=" + databases + ", connectTimeout=" + connectTimeout + ", drop=" + drop
                + ", natsNkeyFile=" + natsNkeyFile + "]";
    }
}
