package io.eventstream.bootstrapper;

import java.util.regex.Pattern;

/**
 * Names that end up inside DDL (databases, the user) or JetStream subjects (the stream).
 * DDL cannot bind parameters for identifiers, so only plain lower-case names pass: they
 * need no quoting and cannot smuggle SQL.
 */
final class Identifiers {

    private static final Pattern SQL_IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final Pattern STREAM_NAME = Pattern.compile("[A-Za-z0-9_-]{1,200}");

    private Identifiers() {
    }

    static String sql(String what, String name) {
        if (name == null || !SQL_IDENTIFIER.matcher(name).matches()) {
            throw new UsageException("invalid " + what + " name '" + printable(name)
                    + "': use 1-63 characters of a-z, 0-9 and _, not starting with a digit");
        }
        return name;
    }

    static String stream(String name) {
        if (name == null || !STREAM_NAME.matcher(name).matches()) {
            throw new UsageException("invalid stream name '" + printable(name)
                    + "': use letters, digits, _ and - only");
        }
        return name;
    }

    private static String printable(String name) {
        return name == null ? "" : name.replaceAll("\\p{Cntrl}", "?");
    }
}
