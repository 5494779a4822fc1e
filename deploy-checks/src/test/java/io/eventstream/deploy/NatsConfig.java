package io.eventstream.deploy;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a top-level or block value out of a NATS server configuration file. */
final class NatsConfig {

    private NatsConfig() {
    }

    /** The path of the first {@code include} directive (quoted or not). */
    static String include(String config) {
        Matcher m = Pattern.compile("(?m)^\\s*include\\s+\"?([^\"#\\s]+)\"?").matcher(config);
        if (!m.find()) {
            throw new AssertionError("no include in the NATS configuration");
        }
        return m.group(1);
    }

    /** The first {@code key: value} (or {@code key = value}) line's value, comments ignored. */
    static String value(String config, String key) {
        Matcher m = Pattern.compile("(?m)^\\s*" + Pattern.quote(key) + "\\s*[:=]\\s*([^#\\s]+)").matcher(config);
        if (!m.find()) {
            throw new AssertionError("no " + key + " in the NATS configuration");
        }
        return m.group(1);
    }
}
