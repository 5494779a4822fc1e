package io.eventstream.e2e;

import static io.eventstream.e2e.BadInputTable.abbreviate;

import io.eventstream.proto.eventstore.CreateEventRequest;
import io.eventstream.proto.eventstore.CreateEventResponse;
import io.eventstream.proto.eventstore.Event;
import io.eventstream.proto.eventstore.EventStoreGrpc;
import io.eventstream.proto.eventstore.GetEventsRequest;
import io.eventstream.proto.eventstore.GetEventsResponse;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * The hostile inputs to the event store (gRPC), with how each is sent and judged. Apart from the
 * HTTP cases because they share nothing but the table and the stored-event count: another
 * protocol, another service, requests built from protobuf (some as raw bytes the stubs refuse to
 * build).
 */
final class BadInputGrpcCases {

    private final Suite suite;
    private final ManagedChannel channel;
    private final BadInputTable table;
    private EventStoreGrpc.EventStoreBlockingStub store;

    BadInputGrpcCases(Suite suite, ManagedChannel channel, BadInputTable table) {
        this.suite = suite;
        this.channel = channel;
        this.table = table;
        this.store = EventStoreGrpc.newBlockingStub(channel);
    }

    // ---------------------------------------------------------------- gRPC: the event store

    void run() throws Exception {
        grpcBad("CreateEvent without event", () -> store.createEvent(CreateEventRequest.getDefaultInstance()));
        grpcBad("CreateEvent all fields empty", () -> create(Event.newBuilder()));
        grpcBad("event_id missing", () -> create(event().setEventId("")));
        grpcBad("event_type missing", () -> create(event().setEventType("")));
        grpcBad("aggregate_id missing", () -> create(event().setAggregateId("")));
        grpcBad("aggregate_type missing", () -> create(event().setAggregateType("")));
        streamDefaultsToTheEventTypesFirstToken();
        grpcBad("event_id 300 characters", () -> create(event().setEventId("e".repeat(300))));
        grpcBad("event_id with spaces and unicode", () -> create(event().setEventId("id with space é")));
        grpcBad("event_type with wildcard", () -> create(event().setEventType(suite.stream + ".*")));
        grpcBad("event_type with '..'", () -> create(event().setEventType(suite.stream + "..created")));
        grpcBad("event_data malformed JSON", () -> create(event().setEventData("{\"a\":")));
        grpcBad("event_data two JSON values", () -> create(event().setEventData("{} {}")));
        grpcBad("event_data NaN", () -> create(event().setEventData("{\"amount\":NaN}")));
        grpcBad("event_data with NUL", () -> create(event().setEventData("{\"a\":\"\\u0000\"}")));
        grpcBad("event_data over 1 MiB", () -> create(event().setEventData(
                "\"" + "x".repeat(1024 * 1024 + 1) + "\"")));
        grpcBad("event_data 100,000 nested '['", () -> create(event().setEventData("[".repeat(100_000)
                + "]".repeat(100_000))));
        // A message over the server's 4 MiB inbound limit is refused by grpc-java's transport.
        grpcRefused("CreateEvent message over 4 MiB", Status.Code.RESOURCE_EXHAUSTED, () -> create(event()
                .setEventData("\"" + "x".repeat(5 * 1024 * 1024) + "\"")));
        // Requests that cannot be parsed (sent as raw bytes: the Java stubs cannot build them).
        grpcBad("event_data invalid UTF-8 bytes", () -> createRaw(patched(
                CreateEventRequest.newBuilder().setEvent(event().setEventData("\"QQ\"")).build().toByteArray(),
                new byte[] {(byte) 0xC3, 0x28})));
        grpcBad("metadata value invalid UTF-8 bytes", () -> createRaw(patched(
                CreateEventRequest.newBuilder().setEvent(event().putMetadata("Correlation-Id", "QQ")).build()
                        .toByteArray(), new byte[] {(byte) 0xFF, (byte) 0xFE})));
        grpcBad("CreateEvent bytes truncated", () -> createRaw(new byte[] {0x0A, 100, 0x0A, 1, 'a'}));
        grpcBad("CreateEvent bytes not protobuf (wire type 7)", () -> createRaw(new byte[] {0x0F, 1}));
        grpcBad("GetEvents aggregate_id invalid UTF-8 bytes", () -> getEventsRaw(patched(
                GetEventsRequest.newBuilder().setAggregateId("QQ").build().toByteArray(), new byte[] {(byte) 0xC3, 0x28})));
        grpcBad("metadata key with ':'", () -> create(event().putMetadata("a:b", "v")));
        grpcBad("metadata key reserved Nats-Msg-Id", () -> create(event().putMetadata("Nats-Msg-Id", "x")));
        grpcBad("metadata value with newline", () -> create(event().putMetadata("Correlation-Id", "a\r\nX-Evil: 1")));
        grpcBad("metadata 33 entries", () -> {
            Event.Builder e = event();
            for (int i = 0; i < 33; i++) {
                e.putMetadata("k" + i, "v");
            }
            return create(e);
        });
        grpcBad("GetEvents negative from_position",
                () -> store.getEvents(GetEventsRequest.newBuilder().setFromPosition(-1).build()));
        grpcBad("GetEvents negative limit", () -> store.getEvents(GetEventsRequest.newBuilder().setLimit(-5).build()));
        grpcBad("GetEventsStream negative from_position", () -> {
            var it = store.withDeadlineAfter(5, TimeUnit.SECONDS)
                    .getEventsStream(GetEventsRequest.newBuilder().setFromPosition(-1).build());
            return it.hasNext() ? it.next() : null;
        });
        // Odd ids in a read are data: nothing matches, nothing breaks.
        for (String odd : List.of("'; DROP TABLE events; --", "../../etc/passwd", "é✓🍕", "x".repeat(10_000))) {
            String label = odd.length() > 40 ? odd.length() + " characters" : odd;
            long before = eventCount();
            String observed;
            boolean ok;
            try {
                int n = store.getEvents(GetEventsRequest.newBuilder().setAggregateId(odd).build()).getEventsCount();
                observed = "OK, " + n + " events";
                ok = n == 0 && eventCount() == before;
            } catch (StatusRuntimeException e) {
                observed = e.getStatus().getCode().toString();
                ok = false;
            }
            table.add("gRPC", "GetEvents aggregate_id " + label, "OK, 0 events", observed, ok);
        }
    }

    /** Documented: a missing stream is the event type's first token (the original's callers always send one). */
    private void streamDefaultsToTheEventTypesFirstToken() {
        long before = eventCount();
        Event.Builder event = event().setStream("");
        String observed;
        boolean ok;
        try {
            create(event);
            var stored = store.getEvents(GetEventsRequest.newBuilder().setEventId(event.getEventId()).build());
            String stream = stored.getEventsCount() == 1 ? stored.getEvents(0).getStream() : "none";
            observed = "OK, stream " + stream;
            ok = suite.stream.equals(stream) && eventCount() == before + 1;
        } catch (StatusRuntimeException e) {
            observed = e.getStatus().getCode().toString();
            ok = false;
        }
        table.add("gRPC", "stream missing (documented default)", "OK, stream from type", observed, ok);
    }

    /** {@code request} with its first "QQ" overwritten by {@code raw}: the Java stubs refuse to build non-UTF-8 strings. */
    private static byte[] patched(byte[] request, byte[] raw) {
        int at = new String(request, StandardCharsets.ISO_8859_1).indexOf("QQ");
        byte[] out = request.clone();
        System.arraycopy(raw, 0, out, at, raw.length);
        return out;
    }

    private Object createRaw(byte[] request) {
        MethodDescriptor<byte[], CreateEventResponse> raw = EventStoreGrpc.getCreateEventMethod()
                .toBuilder(new RawBytes(), EventStoreGrpc.getCreateEventMethod().getResponseMarshaller()).build();
        return ClientCalls.blockingUnaryCall(channel, raw, CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS),
                request);
    }

    private Object getEventsRaw(byte[] request) {
        MethodDescriptor<byte[], GetEventsResponse> raw = EventStoreGrpc.getGetEventsMethod()
                .toBuilder(new RawBytes(), EventStoreGrpc.getGetEventsMethod().getResponseMarshaller()).build();
        return ClientCalls.blockingUnaryCall(channel, raw, CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS),
                request);
    }

    private static final class RawBytes implements MethodDescriptor.Marshaller<byte[]> {
        @Override
        public java.io.InputStream stream(byte[] value) {
            return new java.io.ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(java.io.InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private Object create(Event.Builder event) {
        return store.createEvent(CreateEventRequest.newBuilder().setEvent(event).build());
    }

    private Event.Builder event() {
        return Event.newBuilder().setEventId(UUID.randomUUID().toString()).setEventType(suite.stream + ".created")
                .setAggregateId(UUID.randomUUID().toString()).setAggregateType("order").setStream(suite.stream)
                .setEventData("{\"ok\":true}");
    }

    private void grpcBad(String name, Callable<?> call) {
        grpcRefused(name, Status.Code.INVALID_ARGUMENT, call);
    }

    private void grpcRefused(String name, Status.Code expected, Callable<?> call) {
        long before = eventCount();
        String observed;
        boolean ok;
        try {
            store = EventStoreGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
            call.call();
            observed = "OK";
            ok = false;
        } catch (StatusRuntimeException e) {
            Status status = e.getStatus();
            String description = Optional.ofNullable(status.getDescription()).orElse("");
            observed = status.getCode() + (description.isEmpty() ? "" : ": " + abbreviate(description));
            ok = status.getCode() == expected && !description.isBlank();
        } catch (Exception e) {
            observed = e.toString();
            ok = false;
        }
        long after = eventCount();
        if (after != before) {
            observed += " (stored " + (after - before) + ")";
            ok = false;
        }
        table.add("gRPC", name, expected.toString(), observed, ok);
    }

    private long eventCount() {
        return StoredEvents.count(suite);
    }
}
