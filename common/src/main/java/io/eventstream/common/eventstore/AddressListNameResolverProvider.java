package io.eventstream.common.eventstore;

import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;
import io.grpc.NameResolverProvider;
import io.grpc.NameResolverRegistry;
import io.grpc.Status;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Target scheme {@code addresses}: a fixed list of servers, e.g.
 * {@code addresses:///127.0.0.1:50051,127.0.0.1:50061}, so a client can spread its calls over
 * several event store instances (with {@code default.load-balancing-policy: round_robin}) without
 * a DNS name that lists them. grpc-java has no such scheme, and Spring gRPC hands a
 * {@code static://a,b} target to grpc-java unchanged after the scheme, which fails to resolve.
 *
 * <p>The TLS authority (the host name checked against the server's certificate) is the URI's
 * authority when given ({@code addresses://eventstore-service/a:50051,b:50051}: every instance's
 * certificate names eventstore-service), else the first address. Host names are looked up at
 * start and on each refresh (grpc-java asks for one when a connection fails).
 */
public final class AddressListNameResolverProvider extends NameResolverProvider {

    public static final String SCHEME = "addresses";
    private static volatile boolean registered;

    /** Makes the scheme known to every channel of this JVM; later calls do nothing. */
    public static void register() {
        if (registered) {
            return;
        }
        synchronized (AddressListNameResolverProvider.class) {
            if (!registered) {
                NameResolverRegistry.getDefaultRegistry().register(new AddressListNameResolverProvider());
                registered = true;
            }
        }
    }

    @Override
    public NameResolver newNameResolver(URI target, NameResolver.Args args) {
        if (!SCHEME.equals(target.getScheme())) {
            return null;
        }
        String path = target.getPath() == null ? "" : target.getPath().replaceFirst("^/", "");
        List<HostPort> servers = new ArrayList<>();
        for (String part : path.split(",")) {
            if (!part.isBlank()) {
                servers.add(HostPort.parse(part.trim(), target));
            }
        }
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("no address in " + target + " (addresses:///host:port,host:port)");
        }
        String authority = target.getAuthority() != null && !target.getAuthority().isBlank()
                ? target.getAuthority() : servers.get(0).text();
        return new Resolver(authority, servers);
    }

    @Override
    public String getDefaultScheme() {
        return SCHEME;
    }

    @Override
    protected boolean isAvailable() {
        return true;
    }

    @Override
    protected int priority() {
        return 5;
    }

    @Override
    public Collection<Class<? extends SocketAddress>> getProducedSocketAddressTypes() {
        return List.of(InetSocketAddress.class);
    }

    record HostPort(String host, int port) {
        static HostPort parse(String text, URI target) {
            int colon = text.lastIndexOf(':');
            if (colon <= 0 || colon == text.length() - 1) {
                throw new IllegalArgumentException("'" + text + "' in " + target + " is not host:port");
            }
            String host = text.substring(0, colon).replaceAll("^\\[|]$", "");
            return new HostPort(host, Integer.parseInt(text.substring(colon + 1)));
        }

        String text() {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    private static final class Resolver extends NameResolver {
        private final String authority;
        private final List<HostPort> servers;
        private Listener2 listener;

        Resolver(String authority, List<HostPort> servers) {
            this.authority = authority;
            this.servers = List.copyOf(servers);
        }

        @Override
        public String getServiceAuthority() {
            return authority;
        }

        @Override
        public void start(Listener2 listener) {
            this.listener = listener;
            resolve();
        }

        @Override
        public void refresh() {
            resolve();
        }

        private void resolve() {
            List<EquivalentAddressGroup> groups = new ArrayList<>();
            for (HostPort s : servers) {
                InetSocketAddress address = new InetSocketAddress(s.host(), s.port());
                if (!address.isUnresolved()) {
                    groups.add(new EquivalentAddressGroup(address));
                }
            }
            if (groups.isEmpty()) {
                listener.onError(Status.UNAVAILABLE.withDescription("none of " + servers + " resolves"));
                return;
            }
            // One group per instance: round_robin keeps a connection to each and skips one that is down.
            listener.onResult(ResolutionResult.newBuilder().setAddresses(groups).build());
        }

        @Override
        public void shutdown() {
            // nothing held
        }
    }
}
