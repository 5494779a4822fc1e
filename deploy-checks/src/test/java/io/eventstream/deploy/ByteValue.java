package io.eventstream.deploy;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Byte values as Compose writes them ({@code 512m}, {@code 1g}, {@code 1024kb}: b, k, m, g with
 * an optional b, https://docs.docker.com/reference/compose-file/extension/#specifying-byte-values)
 * and as CockroachDB's size flags take them ({@code 384MiB}).
 */
final class ByteValue {

    private static final Pattern VALUE = Pattern.compile("(\\d+)\\s*([kmg]?)(i?b)?", Pattern.CASE_INSENSITIVE);

    private ByteValue() {
    }

    static long mib(String value) {
        Matcher m = VALUE.matcher(value.trim());
        if (!m.matches()) {
            throw new AssertionError("not a byte value with a unit: " + value);
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "g" -> n * 1024;
            case "m" -> n;
            case "k" -> n / 1024;
            default -> n / (1024 * 1024);
        };
    }
}
