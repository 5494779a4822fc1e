package io.eventstream.common.tracing;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationPredicate;
import org.springframework.http.server.observation.ServerRequestObservationContext;

/**
 * Health probes and Prometheus scrapes hit /actuator every few seconds: without this, each
 * would be a trace of its own in Zipkin, burying the orders (and the
 * {@code http.server.requests} metrics of the API).
 */
class ActuatorRequestsUntraced implements ObservationPredicate {

    private final String basePath;

    ActuatorRequestsUntraced(String basePath) {
        this.basePath = basePath.endsWith("/") ? basePath : basePath + "/";
    }

    @Override
    public boolean test(String name, Observation.Context context) {
        if (context instanceof ServerRequestObservationContext request && request.getCarrier() != null) {
            return !request.getCarrier().getRequestURI().startsWith(basePath);
        }
        return true;
    }
}
