package io.eventstream.eventstore.grpc;

import com.google.common.util.concurrent.MoreExecutors;
import io.eventstream.eventstore.security.AppendAuthorization;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerExecutorProvider;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.grpc.server.service.DefaultGrpcServiceConfigurer;
import org.springframework.grpc.server.service.GrpcServiceConfigurer;

/** How the gRPC server binds the services: Spring gRPC's default, with requests that cannot be parsed refused and appends authorized. */
@Configuration(proxyBeanMethods = false)
class GrpcServerConfiguration {

    /** Replaces Boot's (which backs off when one is defined); it still binds the global interceptors. */
    @Bean
    GrpcServiceConfigurer grpcServiceConfigurer(ApplicationContext context, AppendAuthorization appendAuthorization) {
        DefaultGrpcServiceConfigurer defaults = new DefaultGrpcServiceConfigurer(context);
        // Not a bean itself (it would be a second configurer): initialise it as the container would.
        defaults.afterPropertiesSet();
        return new RequestParsingServiceConfigurer(defaults, appendAuthorization);
    }

    /**
     * Calls run on the Netty thread that read them, not on grpc-java's default executor: a
     * CreateEvent is parsed, checked and queued for its group commit without blocking, and each
     * hand-off to another thread (one to start the call, another for its message when the first
     * had finished) was paid for in latency, most of all on a busy machine, where a woken thread
     * waits for a core. What blocks (the reads, live streams) is moved off the Netty thread by the
     * service itself ({@link #blockingCalls()}). Every service bound on this server must keep to that.
     */
    @Bean
    GrpcServerExecutorProvider inlineGrpcCalls() {
        return MoreExecutors::directExecutor;
    }

    /**
     * The threads of the calls that wait for the database (GetEvents, GetLogEnd) or hold a thread
     * while they follow (GetEventsStream): one per such call, as grpc-java's default executor had.
     */
    @Bean(destroyMethod = "shutdownNow")
    ExecutorService blockingCalls() {
        AtomicInteger count = new AtomicInteger();
        return Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "grpc-reads-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }
}
