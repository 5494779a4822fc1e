package io.eventstream.eventstore.access;

/**
 * The answer to one call.
 *
 * @param allowed whether the call goes on
 * @param reason  short kebab-case reason of a refusal (a metric tag), null when allowed
 * @param message what the caller is told: names the identity and the event type, never more
 */
public record AccessDecision(boolean allowed, String reason, String message) {

    static final AccessDecision ALLOWED = new AccessDecision(true, null, null);

    static AccessDecision refused(String reason, String message) {
        return new AccessDecision(false, reason, message);
    }
}
