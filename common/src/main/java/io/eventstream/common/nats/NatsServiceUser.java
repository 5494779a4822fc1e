package io.eventstream.common.nats;

import java.util.List;

/**
 * One NATS user of the system: a service, the subjects it may publish to and the ones it may
 * subscribe to. Everything else the server refuses ("Permissions Violation").
 *
 * @param name      the service (also the user's inbox prefix {@code _INBOX.<name>} and its key file's name)
 * @param publish   subjects (with wildcards) it may publish to
 * @param subscribe subjects (with wildcards) it may subscribe to
 */
public record NatsServiceUser(String name, List<String> publish, List<String> subscribe) {

    public NatsServiceUser {
        if (name == null || !name.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("a NATS user name is lower-case letters, digits and '-': " + name);
        }
        publish = List.copyOf(publish);
        subscribe = List.copyOf(subscribe);
    }

    /** Where its replies arrive: only it may subscribe there, so nobody reads another's replies. */
    public static String inboxPrefix(String name) {
        return "_INBOX." + name;
    }
}
