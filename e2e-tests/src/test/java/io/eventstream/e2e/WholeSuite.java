package io.eventstream.e2e;

import io.eventstream.common.testing.TestInfra;
import java.util.List;

/**
 * Every service of a bootstrapped {@link Suite} started and ready: the event store, then the four
 * workers and order-service side by side. review-worker has restaurant "r-closed" closed (the
 * saga's review rejection); the saga coordinator gets {@code sagaSettings} (none: as shipped).
 * The processes a test may stop are named: two workers and the coordinator.
 */
record WholeSuite(Suite suite, OrderApi api, int orderPort, ServiceProcess payments, ServiceProcess reviews,
                  ServiceProcess coordinator)
        implements AutoCloseable {

    /** Starts them with names beginning {@code name}; on a failure, closes {@code suite} and rethrows. */
    static WholeSuite start(Suite suite, String name, List<String> sagaSettings) throws Exception {
        try {
            int grpc = TestInfra.freePort();
            suite.eventStore(name + "-eventstore", grpc).start();
            int paymentPort = TestInfra.freePort();
            int orderPort = TestInfra.freePort();
            ServiceProcess payments = suite.service("payment-worker", name + "-payment-worker", paymentPort, grpc);
            ServiceProcess reviews = suite.service("review-worker", name + "-review-worker", TestInfra.freePort(), grpc,
                    "--eventstream.review.closed-restaurants=r-closed");
            ServiceProcess coordinator = suite.service("saga-coordinator", name + "-saga-coordinator",
                    TestInfra.freePort(), grpc, sagaSettings.toArray(String[]::new));
            List<ServiceProcess> services = List.of(
                    suite.service("querymodel-worker", name + "-querymodel-worker", TestInfra.freePort(), grpc),
                    payments,
                    reviews,
                    coordinator,
                    suite.service("order-service", name + "-order-service", orderPort, grpc));
            for (ServiceProcess p : services) {
                p.launch();
            }
            for (ServiceProcess p : services) {
                p.awaitReady();
            }
            return new WholeSuite(suite, new OrderApi(suite, orderPort, paymentPort), orderPort, payments, reviews,
                    coordinator);
        } catch (Exception | Error e) {
            suite.close();
            throw e;
        }
    }

    @Override
    public void close() throws Exception {
        suite.close();
    }
}
