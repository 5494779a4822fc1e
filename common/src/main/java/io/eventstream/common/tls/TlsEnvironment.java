package io.eventstream.common.tls;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The service's certificate as Spring Boot's SSL bundle {@value #BUNDLE}, derived from three
 * settings so that a service's configuration names a folder, not six files:
 * {@code eventstream.tls.enabled} (default true), {@code eventstream.tls.dir} (default
 * {@code .suite/secrets/pki}) and {@code eventstream.tls.identity} (default
 * {@code spring.application.name}). The bundle holds {@code <identity>.crt} and {@code .key}
 * and trusts {@code ca.crt} only. The gRPC channel and server name the bundle in their own
 * settings ({@code spring.grpc.client.channel.eventstore.ssl.*}, {@code spring.grpc.server.ssl.*}),
 * {@code enabled: ${eventstream.tls.enabled:true}}; the bundle is only made when one of them is on.
 *
 * <p>Runs before the context exists: a missing file stops the start with one line naming it and
 * the command that creates it ({@link TlsFilesMissingFailureAnalyzer}), not a stack trace from
 * deep inside the SSL bundle. Explicit {@code spring.ssl.bundle.pem.eventstream.*} settings win.
 */
public class TlsEnvironment implements EnvironmentPostProcessor, Ordered {

    public static final String BUNDLE = "eventstream";
    public static final String DEFAULT_DIR = ".suite/secrets/pki";
    private static final String PREFIX = "spring.ssl.bundle.pem." + BUNDLE + ".";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        // Only a service whose gRPC channel or server uses the bundle needs the files.
        boolean used = env.getProperty("spring.grpc.client.channel.eventstore.ssl.enabled", Boolean.class, false)
                || env.getProperty("spring.grpc.server.ssl.enabled", Boolean.class, false);
        if (!used || !env.getProperty("eventstream.tls.enabled", Boolean.class, true)) {
            return;
        }
        String identity = env.getProperty("eventstream.tls.identity", env.getProperty("spring.application.name", ""));
        if (identity.isBlank()) {
            return;
        }
        Path dir = Path.of(env.getProperty("eventstream.tls.dir", DEFAULT_DIR)).toAbsolutePath().normalize();
        Map<String, Object> bundle = new LinkedHashMap<>();
        bundle.put(PREFIX + "keystore.certificate", PkiFiles.certificate(identity));
        bundle.put(PREFIX + "keystore.private-key", PkiFiles.key(identity));
        bundle.put(PREFIX + "truststore.certificate", PkiFiles.CA_CERT);
        for (Map.Entry<String, Object> entry : bundle.entrySet()) {
            String explicit = env.getProperty(entry.getKey());
            Path file = explicit != null ? Path.of(explicit.replaceFirst("^file:", ""))
                    : dir.resolve((String) entry.getValue());
            if (!Files.isReadable(file)) {
                throw new TlsFilesMissingException("TLS is on (eventstream.tls.enabled) but " + file
                        + " is missing or unreadable: create it with 'java -jar bootstrapper.jar certs --dir " + dir
                        + "' (./suite up does)");
            }
            entry.setValue("file:" + file);
        }
        // Lowest precedence: anything set explicitly (environment, arguments, application.yml) wins.
        env.getPropertySources().addLast(new MapPropertySource("eventstreamTlsBundle", bundle));
    }

    /** After the configuration files are read (ConfigDataEnvironmentPostProcessor is HIGHEST + 10). */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
