package io.eventstream.eventstore.access;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Who may append which event types, and who may read: the event store's authorization. An
 * identity is a caller's certificate subject CN (or {@code original-client} on the plaintext
 * listener); one that is not in the table may do nothing. The event type's stream prefix is not
 * part of the decision (tests and deployments name their own streams): {@code ORDERS.approved}
 * and {@code TEST_1.approved} are both {@code approved}.
 */
public final class AccessTable {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_.-]+");

    private final Map<String, Grant> grants;

    public AccessTable(Map<String, Grant> grants) {
        this.grants = Map.copyOf(grants);
    }

    public AccessDecision mayAppend(String identity, String eventType) {
        Grant grant = grants.get(identity);
        if (grant == null) {
            return unknown(identity);
        }
        String kind = kind(eventType);
        if (!grant.append().contains(kind)) {
            return AccessDecision.refused("append-not-granted",
                    "identity '" + identity + "' may not append event type '" + kind + "'");
        }
        return AccessDecision.ALLOWED;
    }

    public AccessDecision mayRead(String identity) {
        Grant grant = grants.get(identity);
        if (grant == null) {
            return unknown(identity);
        }
        return grant.read() ? AccessDecision.ALLOWED
                : AccessDecision.refused("read-not-granted", "identity '" + identity + "' may not read events");
    }

    /** Known identities may use the other services on the port (grpc.health.v1). */
    public AccessDecision mayConnect(String identity) {
        return grants.containsKey(identity) ? AccessDecision.ALLOWED : unknown(identity);
    }

    public Map<String, Grant> grants() {
        return grants;
    }

    /**
     * Whether the table decides this type: a name a subject can have. Anything else (empty,
     * wildcards, spaces) the store's validation refuses as INVALID_ARGUMENT whoever sends it
     * (append.EventValidator: the same characters), so it is left to that answer.
     */
    public static boolean decides(String eventType) {
        return eventType != null && PLAIN.matcher(eventType).matches();
    }

    /** The part after the last '.', compared exactly (subjects are case-sensitive): what the table lists. */
    static String kind(String eventType) {
        String type = eventType == null ? "" : eventType;
        return type.substring(type.lastIndexOf('.') + 1);
    }

    private static AccessDecision unknown(String identity) {
        return AccessDecision.refused("unknown-identity", "identity '" + identity + "' is not in the access table");
    }
}
