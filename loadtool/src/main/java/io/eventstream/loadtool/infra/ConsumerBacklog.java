package io.eventstream.loadtool.infra;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.ConsumerInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Where the approval pipeline queues: once a second during a run, every durable consumer of the
 * stream (the workers') is asked for its backlog, messages not yet delivered ({@code num_pending})
 * and delivered but not yet acked ({@code num_ack_pending}). The consumer whose backlog grows while
 * the others' stay near zero is the stage that limits the throughput. One JetStream API request
 * per consumer per second; a server that refuses them (permissions) gives an empty report.
 *
 * <p>Each second is also kept as it was ({@link #perSecond()}), with the stream's last sequence:
 * peaks and means cannot say which stage fell behind first when a run stalls (BENCHMARKS.md,
 * "The stall again"), the seconds can, and asking the server costs the services nothing.
 */
public final class ConsumerBacklog implements AutoCloseable {

    /** Per consumer: the highest and the mean backlog over the samples. */
    private static final class Tally {
        long peakPending;
        long peakAckPending;
        long sumPending;
        long sumAckPending;
        int samples;
    }

    private final JetStreamManagement jsm;
    private final String stream;
    private final Map<String, Tally> tallies = new TreeMap<>();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "consumer-backlog");
        t.setDaemon(true);
        return t;
    });
    private final List<Map<String, Object>> seconds = new ArrayList<>();
    private final long startNanos = System.nanoTime();
    private volatile String failure;

    public ConsumerBacklog(Connection nats, String stream) throws java.io.IOException {
        this.jsm = nats.jetStreamManagement();
        this.stream = stream;
        sampler.scheduleAtFixedRate(this::sample, 0, 1, TimeUnit.SECONDS);
    }

    private void sample() {
        try {
            long second = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos);
            long streamLast = streamLastSequence();
            Map<String, Long> pending = new TreeMap<>();
            Map<String, Long> ackPending = new TreeMap<>();
            Map<String, Long> redelivered = new TreeMap<>();
            List<String> names = jsm.getConsumerNames(stream);
            for (String name : names) {
                ConsumerInfo info = jsm.getConsumerInfo(stream, name);
                if (info.getConsumerConfiguration().getDurable() == null) {
                    continue; // an ordered or ephemeral consumer (the load tool's own watcher)
                }
                pending.put(name, info.getNumPending());
                ackPending.put(name, info.getNumAckPending());
                redelivered.put(name, info.getRedelivered());
                synchronized (tallies) {
                    Tally t = tallies.computeIfAbsent(name, n -> new Tally());
                    t.peakPending = Math.max(t.peakPending, info.getNumPending());
                    t.peakAckPending = Math.max(t.peakAckPending, info.getNumAckPending());
                    t.sumPending += info.getNumPending();
                    t.sumAckPending += info.getNumAckPending();
                    t.samples++;
                }
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("second", second);
            row.put("stream_last_seq", streamLast);
            row.put("pending", pending);
            row.put("ack_pending", ackPending);
            row.put("redelivered", redelivered);
            synchronized (tallies) {
                seconds.add(row);
            }
        } catch (Exception e) {
            failure = e.toString();
        }
    }

    /** {@code {durable: {peak_pending, peak_ack_pending, mean_pending, mean_ack_pending}}}, and why it is empty if it is. */
    public Map<String, Object> report() {
        Map<String, Object> out = new LinkedHashMap<>();
        synchronized (tallies) {
            tallies.forEach((name, t) -> {
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("peak_pending", t.peakPending);
                one.put("peak_ack_pending", t.peakAckPending);
                one.put("mean_pending", t.samples == 0 ? 0 : Math.round(t.sumPending / (double) t.samples));
                one.put("mean_ack_pending", t.samples == 0 ? 0 : Math.round(t.sumAckPending / (double) t.samples));
                out.put(name, one);
            });
        }
        if (out.isEmpty() && failure != null) {
            out.put("unavailable", failure);
        }
        return out;
    }

    /** -1 if the server will not say (a user without that permission): the consumers' figures still count. */
    private long streamLastSequence() {
        try {
            return jsm.getStreamInfo(stream).getStreamState().getLastSequence();
        } catch (Exception e) {
            failure = e.toString();
            return -1;
        }
    }

    /**
     * Every sample, in order: {@code second} (since this sampler started), {@code stream_last_seq}
     * (the stream's last sequence: what the relay has published so far; -1 if not allowed to ask),
     * and per durable consumer its {@code pending}, {@code ack_pending} and {@code redelivered}
     * (messages delivered more than once, as the server counts them).
     */
    public List<Map<String, Object>> perSecond() {
        synchronized (tallies) {
            return List.copyOf(seconds);
        }
    }

    /** One line: {@code payment-worker 0/12 (peak 40/64)} per consumer, mean then peak, pending/ack-pending. */
    public String line() {
        StringBuilder s = new StringBuilder();
        synchronized (tallies) {
            tallies.forEach((name, t) -> s.append(s.isEmpty() ? "" : ", ").append(name).append(' ')
                    .append(t.samples == 0 ? 0 : t.sumPending / t.samples).append('/')
                    .append(t.samples == 0 ? 0 : t.sumAckPending / t.samples)
                    .append(" (peak ").append(t.peakPending).append('/').append(t.peakAckPending).append(')'));
        }
        return s.isEmpty() ? "none seen" + (failure == null ? "" : ": " + failure) : s.toString();
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }
}
