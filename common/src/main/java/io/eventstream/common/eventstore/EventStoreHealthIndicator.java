package io.eventstream.common.eventstore;

import io.eventstream.proto.eventstore.EventStoreGrpc;
import io.eventstream.proto.eventstore.GetEventsRequest;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Up while the event store answers the standard gRPC health check with SERVING for its
 * service (it serves that while its database is up), over the same channel the service
 * appends with, with a short deadline.
 *
 * <p>A store without {@code grpc.health.v1} (the original's answers UNIMPLEMENTED) is asked a
 * cheap real question instead: {@code GetEvents} for one event id that no event has ({@link
 * #PROBE_EVENT_ID}), a primary-key lookup in its table that answers an empty list while its
 * database is up. That the store has no health service is remembered for the life of the
 * indicator (a store replaced by ours answers the probe as well), so each check is one call.
 */
public class EventStoreHealthIndicator implements HealthIndicator {

    /** The nil UUID: a valid id that no writer gives an event. */
    static final String PROBE_EVENT_ID = "00000000-0000-0000-0000-000000000000";

    private final HealthGrpc.HealthBlockingStub health;
    private final EventStoreGrpc.EventStoreBlockingStub store;
    private final String service;
    private final Duration timeout;
    private volatile boolean noHealthService;

    public EventStoreHealthIndicator(Channel channel, String service, Duration timeout) {
        this.health = HealthGrpc.newBlockingStub(channel);
        this.store = EventStoreGrpc.newBlockingStub(channel);
        this.service = service;
        this.timeout = timeout;
    }

    @Override
    public Health health() {
        if (noHealthService) {
            return probe();
        }
        try {
            HealthCheckResponse response = health.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .check(HealthCheckRequest.newBuilder().setService(service).build());
            Health.Builder builder = response.getStatus() == HealthCheckResponse.ServingStatus.SERVING
                    ? Health.up() : Health.down();
            return builder.withDetail("service", service).withDetail("status", response.getStatus().name()).build();
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
                noHealthService = true;
                return probe();
            }
            return Health.down().withDetail("service", service).withDetail("status", e.getStatus().getCode().name())
                    .build();
        }
    }

    private Health probe() {
        Health.Builder builder;
        String status;
        try {
            store.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .getEvents(GetEventsRequest.newBuilder().setEventId(PROBE_EVENT_ID).build());
            builder = Health.up();
            status = "OK";
        } catch (StatusRuntimeException e) {
            builder = Health.down();
            status = e.getStatus().getCode().name();
        }
        return builder.withDetail("check", "GetEvents (the store has no grpc.health.v1)")
                .withDetail("status", status).build();
    }
}
