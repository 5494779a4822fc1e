package io.eventstream.e2e;

import java.util.List;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One {@link WholeSuite} with the shipped settings, started once for the test classes that
 * need nothing else and stop nothing for good (SagaFlowTest's paths with every worker running,
 * TraceTest, BoardBrowserTest, and last SagaLoadTest): a suite's start is about 35 s of the
 * machine's two cores, and e2e is most of CI's time. Each class has its own customers and orders;
 * a class that kills a process starts it again before it ends.
 *
 * <p>Settings: as shipped, plus review-worker's closed restaurant "r-closed" (the saga's review
 * rejection) and every service's spans sent to a {@link SpanCollector} (TraceTest). Sampling
 * stays at its shipped probability.
 *
 * <p>It lives in JUnit's root store and closes when the run ends. The classes that use it run
 * after every other class ({@link #RUNS_LAST}, src/test/resources/junit-platform.properties),
 * so it never idles beside another suite for PostgreSQL's connections and the cores.
 */
final class SharedSuite implements AutoCloseable {

    /** The {@code @Order} of a class that uses it: after every class with the default order. */
    static final int RUNS_LAST = org.junit.jupiter.api.Order.DEFAULT + 1;

    final WholeSuite whole;
    final SpanCollector spans;

    private SharedSuite(WholeSuite whole, SpanCollector spans) {
        this.whole = whole;
        this.spans = spans;
    }

    private static SharedSuite start() throws Exception {
        SpanCollector spans = new SpanCollector();
        try {
            return new SharedSuite(WholeSuite.start(Suite.bootstrap().reportingSpansTo(spans.endpoint()), "shared",
                    List.of()), spans);
        } catch (Exception | Error e) {
            spans.close();
            throw e;
        }
    }

    @Override
    public void close() throws Exception {
        try {
            whole.close();
        } finally {
            spans.close();
        }
    }

    /** Hands the shared suite to a test's constructor or method, starting it on first use. */
    static final class Resolver implements ParameterResolver {

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == SharedSuite.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                    .computeIfAbsent(SharedSuite.class, key -> {
                        try {
                            return start();
                        } catch (Exception e) {
                            throw new IllegalStateException("the shared suite did not start", e);
                        }
                    }, SharedSuite.class);
        }
    }
}
