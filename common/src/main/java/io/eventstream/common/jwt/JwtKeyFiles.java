package io.eventstream.common.jwt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * The local token signing key pair: {@code private.pem} (PKCS#8, mode 0600) signs the tokens that
 * {@code ./suite token} prints, {@code public.pem} (X.509 SubjectPublicKeyInfo) is what the services
 * verify with ({@code spring.security.oauth2.resourceserver.jwt.public-key-location}). RSA 2048 and
 * RS256: Spring Boot's public-key-location reads RSA keys only.
 *
 * <p>Created once and reused; never overwritten: a new key would invalidate every token given out.
 */
public final class JwtKeyFiles {

    public static final String PRIVATE_KEY = "private.pem";
    public static final String PUBLIC_KEY = "public.pem";
    private static final int RSA_BITS = 2048;

    private JwtKeyFiles() {
    }

    /** Creates the pair in {@code dir} unless it is there; true when created. Half a pair is an error. */
    public static boolean ensure(Path dir) throws IOException {
        Path privateKey = dir.resolve(PRIVATE_KEY);
        Path publicKey = dir.resolve(PUBLIC_KEY);
        boolean hasPrivate = Files.exists(privateKey);
        boolean hasPublic = Files.exists(publicKey);
        if (hasPrivate && hasPublic) {
            return false;
        }
        if (hasPrivate || hasPublic) {
            throw new IOException(dir + " holds only " + (hasPrivate ? PRIVATE_KEY : PUBLIC_KEY)
                    + ": remove it to create a new pair (tokens signed before will be refused)");
        }
        Files.createDirectories(dir);
        restrict(dir, "rwx------");
        KeyPair pair = generate();
        write(privateKey, pem("PRIVATE KEY", pair.getPrivate().getEncoded()), "rw-------");
        write(publicKey, pem("PUBLIC KEY", pair.getPublic().getEncoded()), "rw-r--r--");
        return true;
    }

    /** A fresh RSA 2048 pair (tests make their own keys, and a forger would too). */
    public static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(RSA_BITS);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA is not available", e);
        }
    }

    /** Writes a public key as PEM (tests point services at their own key). */
    public static void writePublic(Path file, KeyPair pair) throws IOException {
        write(file, pem("PUBLIC KEY", pair.getPublic().getEncoded()), "rw-r--r--");
    }

    /** Writes a private key as PEM, mode 0600. */
    public static void writePrivate(Path file, KeyPair pair) throws IOException {
        write(file, pem("PRIVATE KEY", pair.getPrivate().getEncoded()), "rw-------");
    }

    public static RSAPrivateKey readPrivate(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII)
                .replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", "");
        try {
            byte[] der = Base64.getMimeDecoder().decode(text.strip());
            return (RSAPrivateKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (IllegalArgumentException | GeneralSecurityException | ClassCastException e) {
            // Never the content: it is a secret.
            throw new IOException(file + " is not an RSA private key in PKCS#8 PEM", e);
        }
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    private static void write(Path file, String text, String mode) throws IOException {
        // CREATE_NEW: a key is never overwritten; created empty with its mode before the secret goes in.
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode)));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
        } catch (FileAlreadyExistsException e) {
            throw new IOException(file + " exists already: not overwritten", e);
        }
        Files.writeString(file, text, StandardCharsets.US_ASCII, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
    }

    private static void restrict(Path dir, String mode) throws IOException {
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(mode));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the folder keeps its ACL
        }
    }
}
