package io.eventstream.loadtool.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventstream.common.testing.LocalGrpcServer;
import io.eventstream.loadtool.Options;
import io.eventstream.proto.eventstore.Event;
import io.eventstream.proto.eventstore.EventStoreGrpc;
import io.eventstream.proto.eventstore.GetEventsRequest;
import io.eventstream.proto.eventstore.GetLogEndRequest;
import io.eventstream.proto.eventstore.LogEnd;
import io.grpc.stub.StreamObserver;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code --mode catch-up} against a real gRPC server that streams a log of its own making. */
class CatchUpTest {

    private static final long END = 2_000;

    @ParameterizedTest
    @ValueSource(strings = {"default", "direct"})
    void aLogStreamedWholeAndInOrderPassesWithEitherExecutor(String executor) throws Exception {
        try (LocalGrpcServer server = LocalGrpcServer.start(log(position -> true))) {
            assertThat(catchUp(server, executor)).isZero();
        }
    }

    @Test
    void aLogWithAPositionMissingFails() throws Exception {
        try (LocalGrpcServer server = LocalGrpcServer.start(log(position -> position != 1_234))) {
            assertThat(catchUp(server, "direct")).isEqualTo(1);
        }
    }

    @Test
    void anUnknownExecutorIsRefusedByName() {
        assertThatThrownBy(() -> new CatchUp(Options.parse("--reader-executor", "pooled")).run())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--reader-executor must be default or direct, not 'pooled'");
    }

    private static int catchUp(LocalGrpcServer server, String executor) throws Exception {
        return new CatchUp(Options.parse("--eventstore", "127.0.0.1:" + server.port(), "--tls", "false",
                "--runs", "2", "--reader-executor", executor)).run();
    }

    /** A store whose log ends at {@value #END} and streams the positions {@code sent} lets through. */
    private static EventStoreGrpc.EventStoreImplBase log(LongPredicate sent) {
        return new EventStoreGrpc.EventStoreImplBase() {
            @Override
            public void getLogEnd(GetLogEndRequest request, StreamObserver<LogEnd> response) {
                response.onNext(LogEnd.newBuilder().setPosition(END).build());
                response.onCompleted();
            }

            @Override
            public void getEventsStream(GetEventsRequest request, StreamObserver<Event> response) {
                for (long p = request.getFromPosition() + 1; p <= END; p++) {
                    if (sent.test(p)) {
                        response.onNext(Event.newBuilder().setEventId("e-" + p).setPosition(p).build());
                    }
                }
                response.onCompleted();
            }
        };
    }
}
