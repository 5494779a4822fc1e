package io.eventstream.eventstore.grpc;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.grpc.Attributes;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.SecurityLevel;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a request that cannot be parsed answer {@code INVALID_ARGUMENT} with a description.
 *
 * <p>grpc-java parses a request with the method's marshaller before any interceptor or service
 * code runs; when that fails (a string field that is not UTF-8, bytes that are not protobuf) it
 * answers {@code UNKNOWN "Application error processing RPC"} and logs an ERROR with a stack
 * trace, for what is the client's mistake. Here each method receives the raw message instead
 * and parses it itself, where a failure can be answered properly. The interceptors bound on top
 * (tracing, metrics) see the call closed like any other refused one.
 */
public final class UnparsableRequests {

    private static final Logger log = LoggerFactory.getLogger(UnparsableRequests.class);

    private UnparsableRequests() {
    }

    /** The same service whose methods answer INVALID_ARGUMENT for a request they cannot parse. */
    public static ServerServiceDefinition refusedAsInvalidArgument(ServerServiceDefinition service) {
        ServiceDescriptor original = service.getServiceDescriptor();
        // Reflection reads the schema descriptors: keep them (toBuilder keeps each method's).
        ServiceDescriptor.Builder descriptor = ServiceDescriptor.newBuilder(original.getName())
                .setSchemaDescriptor(original.getSchemaDescriptor());
        List<ServerMethodDefinition<InputStream, ?>> methods = new ArrayList<>();
        for (ServerMethodDefinition<?, ?> method : service.getMethods()) {
            ServerMethodDefinition<InputStream, ?> raw = parsedByHandler(method);
            methods.add(raw);
            descriptor.addMethod(raw.getMethodDescriptor());
        }
        ServerServiceDefinition.Builder out = ServerServiceDefinition.builder(descriptor.build());
        methods.forEach(out::addMethod);
        return out.build();
    }

    private static <ReqT, RespT> ServerMethodDefinition<InputStream, RespT> parsedByHandler(
            ServerMethodDefinition<ReqT, RespT> definition) {
        MethodDescriptor<ReqT, RespT> method = definition.getMethodDescriptor();
        MethodDescriptor<InputStream, RespT> raw = method.toBuilder(Unparsed.INSTANCE, method.getResponseMarshaller())
                .build();
        return ServerMethodDefinition.create(raw, new ParsingHandler<>(method, definition.getServerCallHandler()));
    }

    /** What the client is told; names the field when a string is not UTF-8. */
    static String description(MethodDescriptor<?, ?> method, byte[] request, RuntimeException failure) {
        String type = "request of " + method.getFullMethodName();
        Optional<String> field = Optional.empty();
        if (method.getRequestMarshaller() instanceof MethodDescriptor.PrototypeMarshaller<?> prototyped
                && prototyped.getMessagePrototype() instanceof Message prototype) {
            type = prototype.getDescriptorForType().getFullName();
            field = InvalidUtf8Field.find(prototype.getDescriptorForType(), request);
        }
        String reason = field.map(f -> "field " + f + " is not valid UTF-8").orElseGet(() -> reason(failure));
        return "request is not a valid " + type + ": " + reason;
    }

    private static String reason(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof InvalidProtocolBufferException) {
                return t.getMessage();
            }
        }
        return "it cannot be parsed";
    }

    /** Hands the message's bytes through untouched; {@link ParsingHandler} parses them. */
    private enum Unparsed implements MethodDescriptor.Marshaller<InputStream> {
        INSTANCE;

        @Override
        public InputStream stream(InputStream value) {
            return value;
        }

        @Override
        public InputStream parse(InputStream stream) {
            return stream;
        }
    }

    private record ParsingHandler<ReqT, RespT>(MethodDescriptor<ReqT, RespT> method, ServerCallHandler<ReqT, RespT> next)
            implements ServerCallHandler<InputStream, RespT> {

        @Override
        public ServerCall.Listener<InputStream> startCall(ServerCall<InputStream, RespT> call, Metadata headers) {
            ServerCall.Listener<ReqT> listener = next.startCall(new TypedCall<>(call, method), headers);
            return new ServerCall.Listener<>() {
                // Listener callbacks never run concurrently for one call.
                private boolean refused;

                @Override
                public void onMessage(InputStream message) {
                    if (refused) {
                        return;
                    }
                    ReqT request;
                    byte[] bytes;
                    try {
                        // The bytes are kept only to name the offending field should parsing fail;
                        // the stream is released when this method returns.
                        bytes = message.readAllBytes();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    try {
                        request = method.parseRequest(new ByteArrayInputStream(bytes));
                    } catch (RuntimeException e) {
                        refused = true;
                        String description = description(method, bytes, e);
                        log.debug("refused {}: {}", method.getFullMethodName(), description);
                        call.close(Status.INVALID_ARGUMENT.withDescription(description), new Metadata());
                        return;
                    }
                    listener.onMessage(request);
                }

                @Override
                public void onHalfClose() {
                    if (!refused) {
                        listener.onHalfClose();
                    }
                }

                @Override
                public void onCancel() {
                    listener.onCancel();
                }

                @Override
                public void onComplete() {
                    listener.onComplete();
                }

                @Override
                public void onReady() {
                    if (!refused) {
                        listener.onReady();
                    }
                }
            };
        }
    }

    /** The raw call seen with the method's own request type by the service and its handler. */
    private static final class TypedCall<ReqT, RespT> extends ServerCall<ReqT, RespT> {
        private final ServerCall<InputStream, RespT> raw;
        private final MethodDescriptor<ReqT, RespT> method;

        TypedCall(ServerCall<InputStream, RespT> raw, MethodDescriptor<ReqT, RespT> method) {
            this.raw = raw;
            this.method = method;
        }

        @Override
        public void request(int numMessages) {
            raw.request(numMessages);
        }

        @Override
        public void sendHeaders(Metadata headers) {
            raw.sendHeaders(headers);
        }

        @Override
        public void sendMessage(RespT message) {
            raw.sendMessage(message);
        }

        @Override
        public boolean isReady() {
            return raw.isReady();
        }

        @Override
        public void close(Status status, Metadata trailers) {
            raw.close(status, trailers);
        }

        @Override
        public boolean isCancelled() {
            return raw.isCancelled();
        }

        @Override
        public void setMessageCompression(boolean enabled) {
            raw.setMessageCompression(enabled);
        }

        @Override
        public void setOnReadyThreshold(int numBytes) {
            raw.setOnReadyThreshold(numBytes);
        }

        @Override
        public void setCompression(String compressor) {
            raw.setCompression(compressor);
        }

        @Override
        public SecurityLevel getSecurityLevel() {
            return raw.getSecurityLevel();
        }

        @Override
        public Attributes getAttributes() {
            return raw.getAttributes();
        }

        @Override
        public String getAuthority() {
            return raw.getAuthority();
        }

        @Override
        public MethodDescriptor<ReqT, RespT> getMethodDescriptor() {
            return method;
        }
    }
}
