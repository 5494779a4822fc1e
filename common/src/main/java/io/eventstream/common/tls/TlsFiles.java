package io.eventstream.common.tls;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The three files a service needs for gRPC's mutual TLS, checked to be there: a missing one
 * stops the start with one line naming it and the command that makes it.
 *
 * @param certificate this identity's certificate ({@code <identity>.crt})
 * @param key         its private key ({@code <identity>.key})
 * @param ca          the suite's CA, the only one trusted ({@code ca.crt})
 */
public record TlsFiles(Path certificate, Path key, Path ca) {

    public static TlsFiles of(TlsProperties props, String applicationName) {
        String identity = props.identity() == null || props.identity().isBlank() ? applicationName : props.identity();
        Path dir = Path.of(props.dir()).toAbsolutePath().normalize();
        TlsFiles files = new TlsFiles(dir.resolve(PkiFiles.certificate(identity)), dir.resolve(PkiFiles.key(identity)),
                dir.resolve(PkiFiles.CA_CERT));
        for (Path file : List.of(files.certificate, files.key, files.ca)) {
            if (!Files.isReadable(file)) {
                throw new TlsFilesMissingException("TLS is on (eventstream.tls.enabled) but " + file
                        + " is missing or unreadable: create it with 'java -jar bootstrapper.jar certs --dir " + dir
                        + "' (./suite up does)");
            }
        }
        return files;
    }

    /** As Spring resource locations, for {@code PemSslStoreDetails}. */
    public String certificateLocation() {
        return "file:" + certificate;
    }

    public String keyLocation() {
        return "file:" + key;
    }

    public String caLocation() {
        return "file:" + ca;
    }
}
