package io.eventstream.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventstream.proto.eventstore.CreateEventResponse;
import io.eventstream.proto.eventstore.EventStoreGrpc;
import io.eventstream.proto.eventstore.GetEventsRequest;
import io.eventstream.proto.eventstore.GetEventsResponse;
import io.grpc.CallOptions;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Requests grpc-java cannot parse (sent as raw bytes: the Java stubs refuse to build them) answer
 * INVALID_ARGUMENT naming the problem, store nothing, and leave the service serving.
 */
class UnparsableRequestTest extends EventStoreTestBase {

    @Test
    void aStringFieldThatIsNotUtf8IsInvalidArgumentNamingTheField() {
        EventStoreInstance store = startInstance();
        byte[] request = request(event("o-1", "\"QQ\"")).toByteArray();

        assertThatThrownBy(() -> createRaw(store, patch(request, "QQ", new byte[] {(byte) 0xC3, 0x28})))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).isEqualTo(
                            "request is not a valid eventstore.CreateEventRequest: field event.event_data is not valid UTF-8");
                });
        assertThat(eventsOf(store, "o-1")).isZero();
    }

    @Test
    void aMetadataValueThatIsNotUtf8IsNamedToo() {
        EventStoreInstance store = startInstance();
        byte[] request = request(event("o-2", "{}").putMetadata("Correlation-Id", "QQ")).toByteArray();

        assertThatThrownBy(() -> createRaw(store, patch(request, "QQ", new byte[] {(byte) 0xFF, (byte) 0xFE})))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).endsWith("field event.metadata.value is not valid UTF-8");
                });
        assertThat(eventsOf(store, "o-2")).isZero();
    }

    @Test
    void bytesThatAreNotProtobufAreInvalidArgumentAndTheServiceGoesOn() throws Exception {
        EventStoreInstance store = startInstance();

        // Field 1 (event) says 100 bytes follow; only an event_id "a" does.
        assertThatThrownBy(() -> createRaw(store, new byte[] {0x0A, 100, 0x0A, 1, 'a'}))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription())
                            .startsWith("request is not a valid eventstore.CreateEventRequest: ")
                            .contains("input ended unexpectedly");
                });
        // An invalid wire type (7) in the tag.
        assertThatThrownBy(() -> createRaw(store, new byte[] {(byte) 0x0F, 1}))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));

        // The same service still appends, reads and answers its health check.
        CreateEventResponse ok = store.stub().createEvent(request(event("o-3", "{\"n\":1}")));
        assertThat(ok.getIsSuccess()).isTrue();
        assertThat(eventsOf(store, "o-3")).isEqualTo(1);
        assertThat(health(store)).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
        // Reflection (a bidirectional stream, bound through the same wrapper) still lists the services.
        assertThat(reflectedServices(store)).contains("eventstore.EventStore", "grpc.health.v1.Health");
    }

    private static List<String> reflectedServices(EventStoreInstance store) throws Exception {
        CompletableFuture<List<String>> services = new CompletableFuture<>();
        StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(store.channel())
                .withDeadlineAfter(5, TimeUnit.SECONDS).serverReflectionInfo(new StreamObserver<>() {
                    @Override
                    public void onNext(ServerReflectionResponse response) {
                        services.complete(response.getListServicesResponse().getServiceList().stream()
                                .map(ServiceResponse::getName).toList());
                    }

                    @Override
                    public void onError(Throwable t) {
                        services.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                    }
                });
        requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
        requests.onCompleted();
        return services.get(10, TimeUnit.SECONDS);
    }

    /** The health service (itself bound through the parsing wrapper) once its first check ran (after 1 s). */
    private static HealthCheckResponse.ServingStatus health(EventStoreInstance store) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                return HealthGrpc.newBlockingStub(store.channel()).withDeadlineAfter(5, TimeUnit.SECONDS)
                        .check(HealthCheckRequest.newBuilder().setService("eventstore").build()).getStatus();
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() != Status.Code.NOT_FOUND || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    @Test
    void aMessageOverTheInboundLimitIsResourceExhaustedWithADescription() {
        EventStoreInstance store = startInstance();

        assertThatThrownBy(() -> store.stub().createEvent(request(event("o-4", "\"" + "x".repeat(5 * 1024 * 1024) + "\""))))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
                    assertThat(e.getStatus().getDescription()).contains("exceeds maximum size 4194304");
                });
        assertThat(eventsOf(store, "o-4")).isZero();
    }

    private static int eventsOf(EventStoreInstance store, String aggregateId) {
        GetEventsResponse events = store.stub().getEvents(GetEventsRequest.newBuilder().setAggregateId(aggregateId).build());
        return events.getEventsCount();
    }

    private static CreateEventResponse createRaw(EventStoreInstance store, byte[] request) {
        MethodDescriptor<byte[], CreateEventResponse> raw = EventStoreGrpc.getCreateEventMethod()
                .toBuilder(RawBytes.INSTANCE, EventStoreGrpc.getCreateEventMethod().getResponseMarshaller()).build();
        return ClientCalls.blockingUnaryCall(store.channel(), raw,
                CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), request);
    }

    /** {@code bytes} with the first occurrence of the ASCII {@code marker} overwritten by {@code raw} (same length). */
    private static byte[] patch(byte[] bytes, String marker, byte[] raw) {
        int at = new String(bytes, StandardCharsets.ISO_8859_1).indexOf(marker);
        assertThat(at).isNotNegative();
        byte[] out = bytes.clone();
        System.arraycopy(raw, 0, out, at, raw.length);
        return out;
    }

    private enum RawBytes implements MethodDescriptor.Marshaller<byte[]> {
        INSTANCE;

        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
