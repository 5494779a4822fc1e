package io.eventstream.eventstore.security;

import io.eventstream.eventstore.access.AccessDecision;
import io.eventstream.eventstore.access.AccessTable;
import io.eventstream.proto.eventstore.CreateEventRequest;
import io.eventstream.proto.eventstore.EventStoreGrpc;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authorizes every call on the port (both listeners) by the {@link AccessTable}: no verified
 * identity is UNAUTHENTICATED; an identity not in the table, a read without read permission, or
 * an append of an event type the identity is not granted is PERMISSION_DENIED, naming the
 * identity and the type. A refused append is closed before the service sees the request, so
 * nothing is stored or published. Each refusal is counted in
 * {@code eventstream.security.refusals{layer=grpc,reason=...}} and logged (identity, method, type).
 */
final class AccessInterceptor implements ServerInterceptor {

    private static final Logger log = LoggerFactory.getLogger(AccessInterceptor.class);
    private static final String CREATE_EVENT = EventStoreGrpc.getCreateEventMethod().getFullMethodName();

    private final AccessTable table;
    private final MeterRegistry meters;

    AccessInterceptor(AccessTable table, MeterRegistry meters) {
        this.table = table;
        this.meters = meters;
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
                                                      ServerCallHandler<Q, A> next) {
        String method = call.getMethodDescriptor().getFullMethodName();
        Optional<String> caller = CallerIdentity.of(call.getAttributes());
        if (caller.isEmpty()) {
            refuse(call, Status.UNAUTHENTICATED, "no-certificate", "a client certificate is required", "-", method);
            return new ServerCall.Listener<>() { };
        }
        String identity = caller.get();
        AccessDecision first = firstCheck(identity, call.getMethodDescriptor().getServiceName(), method);
        if (!first.allowed()) {
            refuse(call, Status.PERMISSION_DENIED, first.reason(), first.message(), identity, method);
            return new ServerCall.Listener<>() { };
        }
        ServerCall.Listener<Q> listener = next.startCall(call, headers);
        return method.equals(CREATE_EVENT) ? new AppendCheck<>(listener, call, identity) : listener;
    }

    private AccessDecision firstCheck(String identity, String service, String method) {
        if (!EventStoreGrpc.SERVICE_NAME.equals(service) || method.equals(CREATE_EVENT)) {
            // The event type is in the message: CreateEvent is decided in AppendCheck.
            return table.mayConnect(identity);
        }
        return table.mayRead(identity);
    }

    private void refuse(ServerCall<?, ?> call, Status status, String reason, String message, String identity,
                        String method) {
        Counter.builder("eventstream.security.refusals")
                .description("Calls, messages and requests refused by authentication or authorization")
                .tag("layer", "grpc").tag("reason", reason)
                .register(meters).increment();
        log.warn("refused {} from {} ({}): {}", method, identity, reason, message);
        call.close(status.withDescription(message), new Metadata());
    }

    /** Decides a CreateEvent on its event type before the service sees the request. */
    private final class AppendCheck<Q> extends SimpleForwardingServerCallListener<Q> {

        private final ServerCall<Q, ?> call;
        private final String identity;
        private boolean refused;

        AppendCheck(ServerCall.Listener<Q> delegate, ServerCall<Q, ?> call, String identity) {
            super(delegate);
            this.call = call;
            this.identity = identity;
        }

        @Override
        public void onMessage(Q message) {
            if (refused) {
                return;
            }
            // A malformed type goes on to the service's validation (INVALID_ARGUMENT, nothing stored).
            if (message instanceof CreateEventRequest request && AccessTable.decides(request.getEvent().getEventType())) {
                AccessDecision decision = table.mayAppend(identity, request.getEvent().getEventType());
                if (!decision.allowed()) {
                    refused = true;
                    refuse(call, Status.PERMISSION_DENIED, decision.reason(), decision.message(), identity,
                            CREATE_EVENT);
                    return;
                }
            }
            super.onMessage(message);
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
