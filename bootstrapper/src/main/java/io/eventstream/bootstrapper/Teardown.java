package io.eventstream.bootstrapper;

import io.nats.client.JetStreamApiException;
import java.io.IOException;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * {@code --drop --yes}: deletes the streams (and so their durable consumers) and drops the
 * databases, for a clean start of a local suite. The user is kept. Nothing else is touched.
 */
final class Teardown {

    private Teardown() {
    }

    static void dropAll(Settings settings, io.nats.client.Connection nats, Connection admin, Engine engine,
                        PrintStream out) {
        for (String stream : new String[] {settings.stream(), settings.deadLetterStream()}) {
            try {
                boolean deleted = nats.jetStreamManagement().getStreamNames().contains(stream)
                        && nats.jetStreamManagement().deleteStream(stream);
                out.println("stream " + stream + ": " + (deleted ? "deleted" : "absent"));
            } catch (IOException | JetStreamApiException e) {
                throw new BootstrapException("cannot delete stream " + stream + ": " + Messages.of(e), e);
            }
        }
        for (TargetDatabase database : settings.databases()) {
            try (Statement s = admin.createStatement()) {
                s.execute(engine.dropDatabase(database.name()));
                out.println("database " + database.name() + ": dropped");
            } catch (SQLException e) {
                throw new BootstrapException("cannot drop database " + database.name() + ": " + Messages.of(e), e);
            }
        }
    }
}
