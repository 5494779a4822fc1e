package io.eventstream.deploy;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every property name a Spring Boot service knows, and whether an environment variable binds to
 * one of them.
 *
 * <p>Known names come from the service's packaged jar: the keys of its application.yml, and every
 * META-INF/spring-configuration-metadata.json in the jar and in the libraries it nests (Boot's own
 * modules, and ours through the configuration processor). A map-typed property (e.g.
 * {@code spring.grpc.client.channel}) accepts any key below it, since its value type's fields are
 * not in the metadata ({@code spring.grpc.client.channel.eventstore.target} is also in
 * application.yml).
 *
 * <p>The binding itself is Spring Boot's: the variable goes into a
 * {@link SystemEnvironmentPropertySource}, and Boot's configuration property source over it is
 * asked for each known name, exactly as the Binder asks at start-up (relaxed binding:
 * {@code SPRING_DATASOURCE_URL} is {@code spring.datasource.url}, dashes dropped or as {@code _}).
 */
final class PropertyCatalog {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Set<String> names = new LinkedHashSet<>();
    private final Set<String> maps = new LinkedHashSet<>();
    private final Map<String, String> deprecated = new LinkedHashMap<>();

    static PropertyCatalog of(ModuleJar jar) {
        PropertyCatalog catalog = new PropertyCatalog();
        catalog.names.addAll(jar.applicationProperties().keySet());
        for (String metadata : jar.configurationMetadata()) {
            for (JsonNode property : JSON.readTree(metadata).path("properties")) {
                String name = property.path("name").asString();
                JsonNode deprecation = property.path("deprecation");
                if (property.path("deprecated").asBoolean(false) || !deprecation.isMissingNode()) {
                    String replacement = deprecation.path("replacement").asString("");
                    catalog.deprecated.putIfAbsent(name, replacement);
                    continue;
                }
                catalog.names.add(name);
                if (property.path("type").asString("").startsWith("java.util.Map<")) {
                    catalog.maps.add(name);
                }
            }
        }
        return catalog;
    }

    /** The property an environment variable binds to, if the service knows one. */
    Optional<String> bind(String environmentVariable) {
        ConfigurationPropertySource source = sourceOf(environmentVariable);
        for (String name : names) {
            if (source.getConfigurationProperty(name(name)) != null) {
                return Optional.of(name);
            }
        }
        for (String map : maps) {
            if (source.containsDescendantOf(name(map)) == ConfigurationPropertyState.PRESENT) {
                return Optional.of(map + ".*");
            }
        }
        return Optional.empty();
    }

    /** The deprecated property (and its replacement) the variable binds to. */
    Optional<String> deprecatedBinding(String environmentVariable) {
        ConfigurationPropertySource source = sourceOf(environmentVariable);
        return deprecated.entrySet().stream()
                .filter(d -> source.getConfigurationProperty(name(d.getKey())) != null)
                .map(d -> d.getKey() + (d.getValue().isEmpty() ? "" : " (use " + d.getValue() + ")"))
                .findFirst();
    }

    int size() {
        return names.size();
    }

    private static ConfigurationPropertySource sourceOf(String environmentVariable) {
        SystemEnvironmentPropertySource environment = new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(environmentVariable, "x"));
        return ConfigurationPropertySources.from(environment).iterator().next();
    }

    private static ConfigurationPropertyName name(String property) {
        return ConfigurationPropertyName.adapt(property, '.');
    }
}
