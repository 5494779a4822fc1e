package io.eventstream.querymodel;

import io.eventstream.querymodel.jdbc.ReadModelComparison;
import io.eventstream.querymodel.rebuild.ReadModelCheck;
import io.eventstream.querymodel.rebuild.ReadModelRebuild;
import java.util.Arrays;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code java -jar querymodel-worker.jar --rebuild [--verify]} and {@code --verify}: the worker's
 * one-shot modes (profile {@code rebuild}: no JetStream consumer, the event store's log instead).
 * Exit code 0: done (and, with --verify, no difference); 1: --verify found differences; 2: failed.
 */
final class RebuildCommand {

    static final String REBUILD = "--rebuild";
    static final String VERIFY = "--verify";

    private RebuildCommand() {
    }

    static boolean wanted(String[] args) {
        return Arrays.stream(args).anyMatch(a -> a.equals(REBUILD) || a.equals(VERIFY));
    }

    static int run(String[] args) {
        List<String> given = Arrays.asList(args);
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(QueryModelWorkerApplication.class)
                .profiles("rebuild").run(args)) {
            if (given.contains(REBUILD)) {
                context.getBean(ReadModelRebuild.class).rebuild();
            }
            if (given.contains(VERIFY)) {
                List<ReadModelComparison.Difference> differences = context.getBean(ReadModelCheck.class).verify();
                return differences.isEmpty() ? 0 : 1;
            }
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.err.println("interrupted");
            return 2;
        } catch (RuntimeException e) {
            System.err.println("failed: " + e);
            e.printStackTrace();
            return 2;
        }
    }
}
