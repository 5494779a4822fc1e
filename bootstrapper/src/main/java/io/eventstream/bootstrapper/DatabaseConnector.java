package io.eventstream.bootstrapper;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;

/** Opens JDBC connections with short timeouts and turns failures into one readable line. */
final class DatabaseConnector {

    private final Duration connectTimeout;

    DatabaseConnector(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    /** The URL with our timeouts added (unless the user's URL sets them). */
    JdbcUrl withTimeouts(JdbcUrl url) {
        String seconds = Long.toString(connectTimeout.toSeconds());
        return url.withDefault("connectTimeout", seconds)
                .withDefault("loginTimeout", seconds)
                .withDefault("ApplicationName", "bootstrapper");
    }

    Connection open(JdbcUrl url, String user, String password) {
        Properties props = new Properties();
        props.setProperty("user", user);
        if (password != null && !password.isEmpty()) {
            props.setProperty("password", password);
        }
        try {
            return DriverManager.getConnection(withTimeouts(url).url(), props);
        } catch (SQLException e) {
            throw new BootstrapException(describe(e, url, user), e);
        }
    }

    static String describe(SQLException e, JdbcUrl url, String user) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        Throwable cause = e.getCause();
        if (cause instanceof ConnectException || cause instanceof SocketTimeoutException
                || cause instanceof UnknownHostException || state.startsWith("08")) {
            String reason = cause instanceof UnknownHostException ? "unknown host " + cause.getMessage()
                    : cause instanceof SocketTimeoutException ? "no answer within the connect timeout"
                    : Messages.of(e);
            return "cannot reach PostgreSQL at " + url.server() + ": " + reason;
        }
        if (state.startsWith("28")) {
            return "cannot log in to PostgreSQL at " + url.server() + " as " + user + ": " + Messages.of(e);
        }
        if ("3D000".equals(state)) {
            return "database " + url.database() + " does not exist at " + url.server();
        }
        return "cannot connect to PostgreSQL at " + url.server() + " as " + user + ": " + Messages.of(e);
    }
}
