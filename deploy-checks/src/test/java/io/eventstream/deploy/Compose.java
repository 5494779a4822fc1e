package io.eventstream.deploy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * A Compose model as data: one file, or several merged as {@code docker compose -f a -f b}
 * merges them ({@link ComposeMerge}); YAML anchors and merge keys ({@code <<: *x}) resolved, as
 * Compose resolves them. Accessors return the raw values; the tests say what they must be.
 */
final class Compose {

    private final Map<String, Object> root;

    private Compose(Map<String, Object> root) {
        this.root = root;
    }

    static Compose load(Path file) {
        return new Compose(read(file));
    }

    /** The files merged in this order, as {@code docker compose -f first -f second ...} does. */
    static Compose load(List<Path> files) {
        Map<String, Object> merged = new LinkedHashMap<>();
        for (Path file : files) {
            merged = ComposeMerge.merge(merged, read(file));
        }
        return new Compose(merged);
    }

    static Map<String, Object> read(Path file) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        Object doc = new Yaml(new SafeConstructor(options)).load(Repo.read(file));
        return asMap(doc, file.getFileName().toString());
    }

    /** The services `up` starts when no profile is enabled: those without {@code profiles}. */
    List<String> activeServices() {
        return services().keySet().stream().filter(s -> service(s).get("profiles") == null).toList();
    }

    /** The service's mem_limit in MiB, or null without one. */
    Long memLimitMib(String service) {
        Object limit = service(service).get("mem_limit");
        return limit == null ? null : ByteValue.mib(limit.toString());
    }

    Map<String, Object> root() {
        return root;
    }

    Map<String, Object> services() {
        return asMap(root.get("services"), "services");
    }

    Map<String, Object> service(String name) {
        Object service = services().get(name);
        if (service == null) {
            throw new AssertionError("the Compose model has no service " + name);
        }
        return asMap(service, name);
    }

    /** The services built from this repository: name -> module (their build argument MODULE). */
    Map<String, String> builtServices() {
        Map<String, String> built = new LinkedHashMap<>();
        services().forEach((name, value) -> {
            Object build = asMap(value, name).get("build");
            if (build != null) {
                Object args = asMap(build, name + ".build").get("args");
                Object module = args == null ? null : asMap(args, name + ".build.args").get("MODULE");
                built.put(name, module == null ? null : module.toString());
            }
        });
        return built;
    }

    /** The service's environment in either of Compose's forms (a map, or a list of NAME=value). */
    Map<String, Object> environment(String service) {
        Object env = service(service).get("environment");
        Map<String, Object> vars = new LinkedHashMap<>();
        if (env instanceof Map<?, ?> map) {
            map.forEach((k, v) -> vars.put(k.toString(), v));
        } else if (env instanceof List<?> list) {
            for (Object entry : list) {
                String s = entry.toString();
                int eq = s.indexOf('=');
                vars.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? null : s.substring(eq + 1));
            }
        }
        return vars;
    }

    /** depends_on as name -> condition (the short list form means service_started). */
    Map<String, String> dependsOn(String service) {
        Object deps = service(service).get("depends_on");
        Map<String, String> conditions = new LinkedHashMap<>();
        if (deps instanceof List<?> list) {
            list.forEach(d -> conditions.put(d.toString(), "service_started"));
        } else if (deps instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                Object condition = v instanceof Map<?, ?> m ? m.get("condition") : null;
                conditions.put(k.toString(), condition == null ? "service_started" : condition.toString());
            });
        }
        return conditions;
    }

    /** Published ports in the short syntax, e.g. "26258:26257" or "8091". */
    List<String> ports(String service) {
        Object ports = service(service).get("ports");
        return ports == null ? List.of() : ((List<?>) ports).stream().map(Object::toString).toList();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object value, String what) {
        if (!(value instanceof Map<?, ?>)) {
            throw new AssertionError(what + " must be a mapping, is " + value);
        }
        return (Map<String, Object>) value;
    }
}
