package io.eventstream.common.nats;

import io.eventstream.common.events.OrderEventTypes;
import io.nats.client.NKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The NATS authorization of the system on disk, in one folder: one NKey seed per service
 * ({@code <service>.nk}, mode 0600, created once and then reused, never overwritten) and the
 * server's {@code auth.conf} ({@link NatsAuthConfig}, public keys and permissions only), which the
 * server's configuration includes. The bootstrapper's {@code nats-auth} calls it; so do the tests
 * that run a nats-server with it.
 */
public final class NatsAuthFiles {

    public static final String AUTH_CONF = "auth.conf";
    public static final String SEED_SUFFIX = ".nk";

    private final Path dir;

    public NatsAuthFiles(Path dir) {
        this.dir = dir;
    }

    /** The seed file of a service's user. */
    public Path seedFile(String user) {
        return dir.resolve(user + SEED_SUFFIX);
    }

    public Path authConf() {
        return dir.resolve(AUTH_CONF);
    }

    /**
     * Creates the seeds that are missing and (re)writes auth.conf from the seeds and the table of
     * {@link NatsPermissions}. Returns one line per file: what was created, kept or written.
     */
    public List<String> ensure(OrderEventTypes types) throws IOException {
        Files.createDirectories(dir);
        List<String> report = new ArrayList<>();
        Map<NatsServiceUser, String> keys = new LinkedHashMap<>();
        for (NatsServiceUser user : NatsPermissions.users(types)) {
            Path seed = seedFile(user.name());
            if (Files.exists(seed)) {
                report.add("kept " + seed);
            } else {
                createSeed(seed);
                report.add("created " + seed + " (0600)");
            }
            keys.put(user, publicKey(seed));
        }
        String config = NatsAuthConfig.render(types, keys);
        Path conf = authConf();
        if (Files.exists(conf) && Files.readString(conf).equals(config)) {
            report.add("unchanged " + conf);
        } else {
            Path tmp = dir.resolve(AUTH_CONF + ".tmp");
            Files.writeString(tmp, config);
            Files.move(tmp, conf, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            report.add("wrote " + conf + " (" + keys.size() + " users, stream " + types.stream() + ")");
        }
        return report;
    }

    private static void createSeed(Path seed) throws IOException {
        NKey key;
        try {
            key = NKey.createUser(new SecureRandom());
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot create an NKey: " + e.getMessage(), e);
        }
        char[] chars = key.getSeed();
        byte[] bytes = new String(chars).getBytes(StandardCharsets.US_ASCII);
        try {
            // Created with 0600 from the start: never readable by others, not even for a moment.
            Files.createFile(seed, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(seed, bytes);
        } catch (FileAlreadyExistsException raced) {
            // Another run created it meanwhile: that one is kept.
        } finally {
            Arrays.fill(chars, '\0');
            Arrays.fill(bytes, (byte) 0);
            key.clear();
        }
    }

    private static String publicKey(Path seed) throws IOException {
        char[] id = new NkeyFileAuthHandler(seed).getID();
        try {
            return new String(id);
        } finally {
            Arrays.fill(id, '\0');
        }
    }
}
