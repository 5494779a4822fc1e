package io.eventstream.loadtool.eventstore;

import io.eventstream.loadtool.Options;
import io.eventstream.loadtool.infra.Machine;
import io.eventstream.proto.eventstore.Event;
import io.eventstream.proto.eventstore.EventStoreGrpc;
import io.eventstream.proto.eventstore.GetEventsRequest;
import io.eventstream.proto.eventstore.GetLogEndRequest;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code --mode catch-up}: {@code GetEventsStream} from position 0 to the end of the log (no follow),
 * over the store's mutual TLS as a reader ({@code --identity}, querymodel-worker by default: the
 * rebuild's identity; the tool's own may not read), with grpc-java's async stub, as the services'
 * {@code EventStoreClient.follow} reads. Checks that positions come 1, 2, 3... each once, and that
 * the stream ends at {@code GetLogEnd}'s position. {@code --runs} times.
 *
 * <p>The reader's own CPU is reported beside the store's: on a small machine the reader can be
 * what limits the rate. {@code --reader-executor default} (the default) hands each message to
 * grpc-java's default executor, as the services' channels do; {@code direct} handles it on the
 * Netty thread that read it, which shows what the store serves to a reader that costs little.
 */
public final class CatchUp {

    private final Options o;

    public CatchUp(Options o) {
        this.o = o;
    }

    public int run() throws Exception {
        String executor = o.get("reader-executor");
        if (!executor.equals("default") && !executor.equals("direct")) {
            throw new IllegalArgumentException("--reader-executor must be default or direct, not '" + executor + "'");
        }
        ManagedChannel channel = EventStoreChannel.open(o.get("eventstore"), Boolean.parseBoolean(o.get("tls")),
                Path.of(o.get("tls-dir")), o.get("identity"), executor.equals("direct"));
        int status = 0;
        try {
            var stub = EventStoreGrpc.newStub(channel);
            long end = EventStoreGrpc.newBlockingStub(channel).getLogEnd(GetLogEndRequest.getDefaultInstance()).getPosition();
            System.out.printf(Locale.ROOT, "log end: position %,d; load average %s%n", end, Machine.loadAverage());
            CpuTimes before = CpuTimes.read(o.get("store-pid"));
            for (int run = 1; run <= Integer.parseInt(o.get("runs")); run++) {
                Result r = once(stub);
                boolean clean = r.outOfOrder == 0 && r.last == end && r.count == end;
                status |= clean ? 0 : 1;
                System.out.printf(Locale.ROOT, "run %d: %,d events in %.2f s: %,.0f events/s (%s)%n", run, r.count,
                        r.seconds, r.count / r.seconds, clean ? "positions 1.." + end + " each once, in order"
                                : r.outOfOrder + " out of order, last " + r.last);
            }
            CpuTimes after = CpuTimes.read(o.get("store-pid"));
            System.out.printf(Locale.ROOT, "CPU over the runs: store %.1f s, PostgreSQL (all) %.1f s, this reader "
                    + "(--reader-executor %s) %.1f s; load average %s%n", after.store() - before.store(),
                    after.postgres() - before.postgres(), executor, after.self() - before.self(), Machine.loadAverage());
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        return status;
    }

    private static Result once(EventStoreGrpc.EventStoreStub stub) throws Exception {
        Result r = new Result();
        CompletableFuture<Void> done = new CompletableFuture<>();
        long started = System.nanoTime();
        stub.getEventsStream(GetEventsRequest.newBuilder().setFromPosition(0).build(), new StreamObserver<>() {
            @Override
            public void onNext(Event e) {
                if (e.getPosition() != r.last + 1) {
                    r.outOfOrder++;
                }
                r.last = e.getPosition();
                r.count++;
            }

            @Override
            public void onError(Throwable t) {
                done.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
                done.complete(null);
            }
        });
        done.get();
        r.seconds = (System.nanoTime() - started) / 1e9;
        return r;
    }

    private static final class Result {
        long count;
        long last;
        long outOfOrder;
        double seconds;
    }
}
