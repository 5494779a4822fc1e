package io.eventstream.common.nats;

import io.eventstream.common.events.OrderEventTypes;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Renders the server's {@code authorization} block: one NKey user per service with its
 * permissions (https://docs.nats.io/running-a-nats-service/configuration/securing_nats/authorization).
 * With a users list the server refuses every connection that is not one of them. Every subject
 * is quoted: in the configuration language an unquoted {@code $name} is a variable.
 */
public final class NatsAuthConfig {

    private NatsAuthConfig() {
    }

    public static String render(OrderEventTypes types, Map<NatsServiceUser, String> publicKeys) {
        StringBuilder out = new StringBuilder();
        out.append("# NATS authorization of eventstream: written by `bootstrapper nats-auth`, do not edit\n")
                .append("# (it is written again from the seeds next to it). One NKey user per service;\n")
                .append("# the seeds (secret) are in <service>.nk, this file holds public keys only.\n")
                .append("# Stream ").append(types.stream()).append(", dead letters ")
                .append(types.deadLetterStream()).append(".\n")
                .append("authorization {\n")
                .append("  users = [\n");
        publicKeys.forEach((user, key) -> out
                .append("    # ").append(user.name()).append('\n')
                .append("    { nkey: \"").append(key).append("\"\n")
                .append("      permissions: {\n")
                .append("        publish: { allow: ").append(list(user.publish())).append(" }\n")
                .append("        subscribe: { allow: ").append(list(user.subscribe())).append(" }\n")
                .append("      }\n")
                .append("    }\n"));
        out.append("  ]\n").append("}\n");
        return out.toString();
    }

    private static String list(List<String> subjects) {
        return subjects.stream().map(s -> "\"" + s + "\"").collect(Collectors.joining(", ", "[", "]"));
    }
}
