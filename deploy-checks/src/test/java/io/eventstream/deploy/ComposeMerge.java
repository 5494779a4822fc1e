package io.eventstream.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compose's merge of several files (https://docs.docker.com/reference/compose-file/merge/):
 * mappings merge key by key, sequences append (ports, volumes and profiles are unique, so an
 * entry already there is not added twice), and {@code command}, {@code entrypoint} and a health
 * check's {@code test} are replaced by the later file. Enough for the files of this repository,
 * which use the mapping forms of environment and depends_on.
 */
final class ComposeMerge {

    private static final Set<String> REPLACED = Set.of("command", "entrypoint", "test");

    private ComposeMerge() {
    }

    static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> override) {
        Map<String, Object> merged = copy(base);
        override.forEach((key, value) -> {
            Object previous = merged.get(key);
            if (REPLACED.contains(key) || previous == null) {
                merged.put(key, deepCopy(value));
            } else if (previous instanceof Map<?, ?> p && value instanceof Map<?, ?> v) {
                merged.put(key, merge(Compose.asMap(p, key), Compose.asMap(v, key)));
            } else if (previous instanceof List<?> p && value instanceof List<?> v) {
                List<Object> appended = new ArrayList<>(p);
                v.stream().filter(e -> !appended.contains(e)).map(ComposeMerge::deepCopy).forEach(appended::add);
                merged.put(key, appended);
            } else {
                merged.put(key, deepCopy(value));
            }
        });
        return merged;
    }

    private static Map<String, Object> copy(Map<String, Object> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(k, deepCopy(v)));
        return copy;
    }

    // YAML aliases share one object between services: copy before merging into it.
    private static Object deepCopy(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(k.toString(), deepCopy(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            return new ArrayList<>(list.stream().map(ComposeMerge::deepCopy).toList());
        }
        return value;
    }
}
