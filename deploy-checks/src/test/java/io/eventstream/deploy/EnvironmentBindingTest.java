package io.eventstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each environment variable docker-compose.yml (alone and with each override file) sets for a service built from this repository
 * configures something real: a Spring Boot service knows the property it binds to (Boot's own
 * relaxed binding, {@link PropertyCatalog}); the bootstrapper, a plain CLI, lists the variable in its
 * {@code --help}. A misspelt variable is otherwise ignored in silence and the service runs on its
 * local defaults (127.0.0.1), which in a container means "nothing works, no error".
 *
 * <p>Adding a service to docker-compose.yml (with {@code build.args.MODULE}) adds it here; adding a
 * variable to a service needs nothing.
 */
class EnvironmentBindingTest {

    /** Variables that configure the JVM, not Spring. */
    private static final Set<String> JVM_VARIABLES = Set.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS");

    /**
     * Variables set ahead of the code that reads them, and why. Each must NOT bind anywhere yet:
     * once the code arrives this test fails and asks for the line to be deleted, so the check
     * becomes strict again (and then also fails for any service that still lacks the property).
     */
    private static final Map<String, String> AWAITING = Map.of();

    // Each variant checks the same jars: read each once.
    private static final Map<String, PropertyCatalog> CATALOGS = new ConcurrentHashMap<>();
    private static final Map<String, Set<String>> CLI_VARIABLES = new ConcurrentHashMap<>();

    private static final Pattern HELP_OPTION = Pattern.compile("^\\s+--[a-z][a-z0-9-]*\\s+([A-Z][A-Z0-9_]*)\\s", Pattern.MULTILINE);

    @ParameterizedTest
    @EnumSource(ComposeVariant.class)
    void everyVariableBindsToARealSetting(ComposeVariant variant) {
        Compose compose = variant.load();
        List<String> problems = new ArrayList<>();
        Set<String> awaitingBound = new LinkedHashSet<>();
        int checked = 0;

        for (Map.Entry<String, String> service : compose.builtServices().entrySet()) {
            ModuleJar jar = ModuleJar.of(service.getValue());
            Map<String, Object> environment = compose.environment(service.getKey());
            if (jar.isSpringApplication()) {
                PropertyCatalog catalog = CATALOGS.computeIfAbsent(jar.module(), m -> PropertyCatalog.of(jar));
                assertThat(catalog.size()).as("properties known to %s", jar).isGreaterThan(100);
                for (String variable : environment.keySet()) {
                    checked++;
                    Optional<String> property = catalog.bind(variable);
                    if (AWAITING.containsKey(variable)) {
                        property.ifPresent(p -> awaitingBound.add(variable));
                        continue;
                    }
                    if (JVM_VARIABLES.contains(variable)) {
                        continue;
                    }
                    if (property.isEmpty()) {
                        problems.add(service.getKey() + ": " + variable + " binds to no property of " + jar.module()
                                + catalog.deprecatedBinding(variable).map(d -> " except the deprecated " + d).orElse(""));
                    }
                }
            } else {
                Set<String> known = CLI_VARIABLES.computeIfAbsent(jar.module(), m -> cliVariables(jar));
                assertThat(known).as("variables in %s --help", jar).isNotEmpty();
                for (String variable : environment.keySet()) {
                    checked++;
                    // The JVM's own variables configure any jar's JVM (secrets-init: a small heap).
                    if (!known.contains(variable) && !JVM_VARIABLES.contains(variable)) {
                        problems.add(service.getKey() + ": " + variable + " is not a setting of " + jar.module()
                                + " (its --help lists " + known + ")");
                    }
                }
            }
        }

        assertThat(checked).as("variables checked").isGreaterThan(10);
        assertThat(problems).as("variables that configure nothing").isEmpty();
        assertThat(awaitingBound)
                .as("these variables bind now: delete them from EnvironmentBindingTest.AWAITING")
                .isEmpty();
    }

    @Test
    void theCatalogBindsAsSpringBootDoes() {
        ModuleJar jar = ModuleJar.of("order-service");
        PropertyCatalog catalog = PropertyCatalog.of(jar);

        assertThat(catalog.bind("SPRING_DATASOURCE_URL")).contains("spring.datasource.url");
        assertThat(catalog.bind("EVENTSTREAM_ORDERS_MAXITEMS")).contains("eventstream.orders.max-items");
        assertThat(catalog.bind("SERVER_PORT")).contains("server.port");
        assertThat(catalog.bind("SPRING_GRPC_CLIENT_CHANNEL_EVENTSTORE_TARGET")).isPresent();
        assertThat(catalog.bind("EVENTSTREAM_ORDERS_MAX_ITEMS")).contains("eventstream.orders.max-items");
        assertThat(catalog.bind("EVENTSTREAM_ORDERS_MAXITEM")).isEmpty();
        assertThat(catalog.bind("SPRING_DATASOURCE_URI")).isEmpty();
        assertThat(catalog.bind("SPRING_DATASOURCE")).isEmpty();
    }

    private static Set<String> cliVariables(ModuleJar jar) {
        Processes.Result help = Processes.run(Repo.root(), List.of(Processes.java(), "-jar", jar.path().toString(), "--help"));
        assertThat(help.exitCode()).as("%s --help: %s", jar, help.output()).isZero();
        Set<String> variables = new LinkedHashSet<>();
        Matcher m = HELP_OPTION.matcher(help.output());
        while (m.find()) {
            variables.add(m.group(1));
        }
        return variables;
    }
}
