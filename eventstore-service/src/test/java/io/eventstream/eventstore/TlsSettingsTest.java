package io.eventstream.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventstream.common.testing.TestPki;
import io.eventstream.common.tls.TlsFilesMissingException;
import io.eventstream.proto.eventstore.EventStoreGrpc;
import io.eventstream.proto.eventstore.GetEventsRequest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

/** TLS on with its files missing does not start; TLS off (the cost comparison) serves plaintext unchecked. */
class TlsSettingsTest extends EventStoreTestBase {

    @Test
    void withTlsOnAndAFileMissingTheStoreDoesNotStartAndNamesTheFileAndTheCommand() {
        // An identity whose files the PKI folder does not have.
        assertThatThrownBy(() -> startInstance("--eventstream.tls.identity=nobody"))
                .rootCause().isInstanceOf(TlsFilesMissingException.class)
                .extracting(Throwable::getMessage, InstanceOfAssertFactories.STRING)
                .contains(TestPki.dir().resolve("nobody.crt").toString())
                .contains("java -jar bootstrapper.jar certs --dir " + TestPki.dir());
    }

    @Test
    void withTlsOffThePortSpeaksPlaintextAndChecksNoIdentity() throws Exception {
        EventStoreInstance store = startInstance("--eventstream.tls.enabled=false");
        ManagedChannel plaintext = ManagedChannelBuilder.forAddress("127.0.0.1", store.grpcPort()).usePlaintext().build();
        try {
            var stub = EventStoreGrpc.newBlockingStub(plaintext).withDeadlineAfter(10, TimeUnit.SECONDS);
            assertThat(stub.createEvent(request(event("o-1", "{}").setEventType(stream + ".approved"))).getIsSuccess())
                    .isTrue();
            assertThat(stub.getEvents(GetEventsRequest.getDefaultInstance()).getEventsCount()).isEqualTo(1);
        } finally {
            plaintext.shutdownNow();
        }
    }
}
