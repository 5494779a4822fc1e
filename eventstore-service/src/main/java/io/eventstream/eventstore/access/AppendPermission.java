package io.eventstream.eventstore.access;

/**
 * Whether the caller of the current gRPC call may append an event of this type: the same
 * decision a CreateEvent gets, asked once per event of a CreateEvents (where one refused event
 * must not refuse the others, so the decision cannot be taken before the service sees the call).
 */
@FunctionalInterface
public interface AppendPermission {

    AccessDecision forCurrentCaller(String eventType);

    /** Every type allowed: for a store built without the access table (tests of the append path). */
    static AppendPermission everything() {
        return eventType -> AccessDecision.ALLOWED;
    }
}
