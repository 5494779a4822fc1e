package io.eventstream.eventstore.security;

import io.eventstream.eventstore.access.AccessDecision;
import io.eventstream.eventstore.access.AccessTable;
import io.eventstream.proto.eventstore.EventStoreGrpc;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authorizes every call on the port (both listeners) by the {@link AccessTable}: no verified
 * identity is UNAUTHENTICATED; an identity not in the table, a read without read permission, or
 * an append of an event type the identity is not granted ({@link AppendAuthorization}) is
 * PERMISSION_DENIED, naming the identity and the type. A refused call is closed before the
 * service sees the request, so nothing is stored or published. Each refusal is counted in
 * {@code eventstream.security.refusals{layer=grpc,reason=...}} and logged (identity, method, type).
 */
public final class AccessInterceptor implements ServerInterceptor {

    private static final Logger log = LoggerFactory.getLogger(AccessInterceptor.class);
    static final String CREATE_EVENT = EventStoreGrpc.getCreateEventMethod().getFullMethodName();
    static final String CREATE_EVENTS = EventStoreGrpc.getCreateEventsMethod().getFullMethodName();
    /** The caller's identity, for the interceptors bound inside the service's request parsing. */
    static final Context.Key<String> IDENTITY = Context.key("eventstream.caller-identity");

    private final AccessTable table;
    private final Refusals refusals;
    private final boolean requireIdentity;

    /**
     * @param requireIdentity false only with TLS turned off (the cost comparison): a call without
     *                        an identity is then let through unchecked
     */
    AccessInterceptor(AccessTable table, Refusals refusals, boolean requireIdentity) {
        this.table = table;
        this.refusals = refusals;
        this.requireIdentity = requireIdentity;
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
                                                      ServerCallHandler<Q, A> next) {
        String method = call.getMethodDescriptor().getFullMethodName();
        Optional<String> caller = CallerIdentity.of(call.getAttributes());
        if (caller.isEmpty() && !requireIdentity) {
            return next.startCall(call, headers);
        }
        if (caller.isEmpty()) {
            refuse(refusals, call, Status.UNAUTHENTICATED, "no-certificate", "a client certificate is required", "-", method);
            return new ServerCall.Listener<>() { };
        }
        String identity = caller.get();
        AccessDecision first = firstCheck(identity, call.getMethodDescriptor().getServiceName(), method);
        if (!first.allowed()) {
            refuse(refusals, call, Status.PERMISSION_DENIED, first.reason(), first.message(), identity, method);
            return new ServerCall.Listener<>() { };
        }
        // The append's event type is in the request, which the service parses itself (grpc.UnparsableRequests):
        // AppendAuthorization, bound inside that parsing, decides it with this identity.
        return Contexts.interceptCall(Context.current().withValue(IDENTITY, identity), call, headers, next);
    }

    private AccessDecision firstCheck(String identity, String service, String method) {
        if (!EventStoreGrpc.SERVICE_NAME.equals(service) || method.equals(CREATE_EVENT) || method.equals(CREATE_EVENTS)) {
            // The event type is in the message: CreateEvent is decided in AppendAuthorization, each
            // event of a CreateEvents by the service asking AppendAuthorization (one per event).
            return table.mayConnect(identity);
        }
        return table.mayRead(identity);
    }

    static void refuse(Refusals refusals, ServerCall<?, ?> call, Status status, String reason, String message,
                       String identity, String method) {
        refusals.count(reason);
        log.warn("refused {} from {} ({}): {}", method, identity, reason, message);
        call.close(status.withDescription(message), new Metadata());
    }
}
