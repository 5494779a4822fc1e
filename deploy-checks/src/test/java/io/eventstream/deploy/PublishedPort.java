package io.eventstream.deploy;

/**
 * One entry of a service's {@code ports} in Compose's short syntax:
 * {@code [host_ip:][host_port:]container_port[/protocol]}. No host port: Docker picks one.
 */
record PublishedPort(String hostIp, Integer hostPort, int containerPort) {

    static PublishedPort parse(String spec) {
        String s = spec.contains("/") ? spec.substring(0, spec.indexOf('/')) : spec;
        String[] parts = s.split(":", -1);
        return switch (parts.length) {
            case 1 -> new PublishedPort(null, null, Integer.parseInt(parts[0]));
            case 2 -> new PublishedPort(null, Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
            case 3 -> new PublishedPort(parts[0], parts[1].isEmpty() ? null : Integer.parseInt(parts[1]),
                    Integer.parseInt(parts[2]));
            default -> throw new IllegalArgumentException("not a port mapping: " + spec);
        };
    }
}
