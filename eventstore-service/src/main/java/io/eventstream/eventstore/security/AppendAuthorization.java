package io.eventstream.eventstore.security;

import io.eventstream.eventstore.access.AccessDecision;
import io.eventstream.eventstore.access.AccessTable;
import io.eventstream.eventstore.access.AppendPermission;
import io.eventstream.proto.eventstore.CreateEventRequest;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides a CreateEvent on its event type, with the identity {@link AccessInterceptor} put in the
 * call's context, before the service sees the request. Bound inside the service's own request
 * parsing (grpc.RequestParsingServiceConfigurer), where requests are messages: an interceptor
 * bound on top only sees bytes. Fails closed: no identity or a message of another type is refused.
 *
 * <p>A CreateEvents carries several types, and one refused event must not refuse the others: the
 * call goes through here with its identity checked (none: UNAUTHENTICATED), and the service asks
 * {@link #forCurrentCaller} for each event, which decides, counts and logs exactly as for a
 * CreateEvent; a refused event's result is PERMISSION_DENIED.
 */
public final class AppendAuthorization implements ServerInterceptor, AppendPermission {

    private static final Logger log = LoggerFactory.getLogger(AppendAuthorization.class);

    private final AccessTable table;
    private final Refusals refusals;
    private final boolean requireIdentity;

    /** @param requireIdentity false only with TLS turned off: an append without identity is then not checked */
    AppendAuthorization(AccessTable table, Refusals refusals, boolean requireIdentity) {
        this.table = table;
        this.refusals = refusals;
        this.requireIdentity = requireIdentity;
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
                                                      ServerCallHandler<Q, A> next) {
        String method = call.getMethodDescriptor().getFullMethodName();
        if (method.equals(AccessInterceptor.CREATE_EVENTS) && AccessInterceptor.IDENTITY.get() == null && requireIdentity) {
            AccessInterceptor.refuse(refusals, call, Status.UNAUTHENTICATED, "no-certificate",
                    "a client certificate is required", "null", method);
            return new ServerCall.Listener<>() { };
        }
        ServerCall.Listener<Q> listener = next.startCall(call, headers);
        if (!method.equals(AccessInterceptor.CREATE_EVENT)) {
            return listener;
        }
        String identity = AccessInterceptor.IDENTITY.get();
        return identity == null && !requireIdentity ? listener : new Check<>(listener, call, identity);
    }

    /**
     * One event of a CreateEvents, decided in the call's context (the identity {@link AccessInterceptor}
     * put there); a refusal is counted and logged like a refused CreateEvent.
     */
    @Override
    public AccessDecision forCurrentCaller(String eventType) {
        String identity = AccessInterceptor.IDENTITY.get();
        if (identity == null && !requireIdentity) {
            return new AccessDecision(true, null, null);
        }
        AccessDecision decision = identity == null
                ? new AccessDecision(false, "no-certificate", "a client certificate is required")
                // A malformed type goes on to the service's validation (INVALID_ARGUMENT, nothing stored).
                : AccessTable.decides(eventType) ? table.mayAppend(identity, eventType) : new AccessDecision(true, null, null);
        if (!decision.allowed()) {
            refusals.count(decision.reason());
            log.warn("refused an event of {} from {} ({}): {}", AccessInterceptor.CREATE_EVENTS, identity,
                    decision.reason(), decision.message());
        }
        return decision;
    }

    private final class Check<Q> extends SimpleForwardingServerCallListener<Q> {

        private final ServerCall<Q, ?> call;
        private final String identity;
        private boolean refused;

        Check(ServerCall.Listener<Q> delegate, ServerCall<Q, ?> call, String identity) {
            super(delegate);
            this.call = call;
            this.identity = identity;
        }

        @Override
        public void onMessage(Q message) {
            if (refused) {
                return;
            }
            AccessDecision decision = decide(message);
            if (!decision.allowed()) {
                refused = true;
                AccessInterceptor.refuse(refusals, call, identity == null ? Status.UNAUTHENTICATED
                        : Status.PERMISSION_DENIED, decision.reason(), decision.message(),
                        String.valueOf(identity), AccessInterceptor.CREATE_EVENT);
                return;
            }
            super.onMessage(message);
        }

        private AccessDecision decide(Q message) {
            if (identity == null) {
                return new AccessDecision(false, "no-certificate", "a client certificate is required");
            }
            if (!(message instanceof CreateEventRequest request)) {
                return new AccessDecision(false, "unexpected-request", "request not understood");
            }
            String type = request.getEvent().getEventType();
            // A malformed type goes on to the service's validation (INVALID_ARGUMENT, nothing stored).
            return AccessTable.decides(type) ? table.mayAppend(identity, type) : new AccessDecision(true, null, null);
        }

        @Override
        public void onHalfClose() {
            if (!refused) {
                super.onHalfClose();
            }
        }

        @Override
        public void onReady() {
            if (!refused) {
                super.onReady();
            }
        }
    }
}
