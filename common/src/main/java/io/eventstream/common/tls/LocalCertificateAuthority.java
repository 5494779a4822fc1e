package io.eventstream.common.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority of our own: an EC P-256 key and a self-signed certificate, and the
 * certificates it issues to the services (PEM, the private keys unencrypted PKCS#8, mode 0600,
 * as Spring Boot's {@code spring.ssl.bundle.pem} reads them). BouncyCastle only builds the
 * X.509 structures; the JDK has no public API for that.
 */
public final class LocalCertificateAuthority {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final X509Certificate certificate;
    private final PrivateKey key;

    private LocalCertificateAuthority(X509Certificate certificate, PrivateKey key) {
        this.certificate = certificate;
        this.key = key;
    }

    /** A new CA, in memory only (tests: "a certificate from another CA"). */
    public static LocalCertificateAuthority create(String name, Instant notBefore, Instant notAfter) {
        KeyPair pair = newKeyPair();
        X500Name subject = new X500Name("CN=" + name);
        try {
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(),
                    Date.from(notBefore), Date.from(notAfter), subject, pair.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            builder.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()));
            return new LocalCertificateAuthority(sign(builder, pair.getPrivate()), pair.getPrivate());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("could not create the CA certificate", e);
        }
    }

    /** The CA whose files are in {@code dir} ({@link PkiFiles#CA_CERT}, {@link PkiFiles#CA_KEY}). */
    public static LocalCertificateAuthority load(Path dir) {
        try {
            return new LocalCertificateAuthority(readCertificate(dir.resolve(PkiFiles.CA_CERT)),
                    readKey(dir.resolve(PkiFiles.CA_KEY)));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("could not read the CA in " + dir + ": " + e.getMessage(), e);
        }
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** Writes the CA's certificate and key into {@code dir}. */
    public void write(Path dir) {
        writePem(dir.resolve(PkiFiles.CA_CERT), certificate, false);
        writePem(dir.resolve(PkiFiles.CA_KEY), key, true);
    }

    /**
     * Issues a certificate for one identity (its subject CN), usable both as a TLS server and a
     * TLS client certificate, and writes {@code <identity>.crt} and {@code <identity>.key}.
     *
     * @param dnsNames  subject alternative names (hostnames a client may dial the holder by)
     * @param addresses IP subject alternative names
     */
    public void issue(Path dir, String identity, List<String> dnsNames, List<String> addresses,
                      Instant notBefore, Instant notAfter) {
        KeyPair pair = newKeyPair();
        try {
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate, serial(),
                    Date.from(notBefore), Date.from(notAfter), new X500Name("CN=" + identity), pair.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                    new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
            builder.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(certificate));
            builder.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()));
            List<GeneralName> names = new ArrayList<>();
            dnsNames.forEach(n -> names.add(new GeneralName(GeneralName.dNSName, n)));
            addresses.forEach(a -> names.add(new GeneralName(GeneralName.iPAddress, a)));
            if (!names.isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(names.toArray(GeneralName[]::new)));
            }
            X509Certificate issued = sign(builder, key);
            writePem(dir.resolve(PkiFiles.certificate(identity)), issued, false);
            writePem(dir.resolve(PkiFiles.key(identity)), pair.getPrivate(), true);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("could not issue the certificate of " + identity, e);
        }
    }

    private static X509Certificate sign(JcaX509v3CertificateBuilder builder, PrivateKey signer)
            throws GeneralSecurityException {
        try {
            X509CertificateHolder holder = builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer));
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no EC P-256 key generator in this JVM", e);
        }
    }

    private static BigInteger serial() {
        return new BigInteger(127, RANDOM).add(BigInteger.ONE);
    }

    /** Written to a temporary file then moved: a reader never sees half a file; a key is 0600 from the start. */
    private static void writePem(Path file, Object value, boolean secret) {
        try {
            StringWriter text = new StringWriter();
            try (JcaPEMWriter pem = new JcaPEMWriter(text)) {
                pem.writeObject(value instanceof PrivateKey k ? new JcaPKCS8Generator(k, null) : value);
            }
            Path temp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
            try {
                PkiFiles.restrict(temp, secret);
                Files.writeString(temp, text.toString());
                Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }

    private static X509Certificate readCertificate(Path file) throws IOException, GeneralSecurityException {
        try (PEMParser parser = new PEMParser(Files.newBufferedReader(file))) {
            return new JcaX509CertificateConverter().getCertificate((X509CertificateHolder) parser.readObject());
        }
    }

    private static PrivateKey readKey(Path file) throws IOException {
        try (PEMParser parser = new PEMParser(Files.newBufferedReader(file))) {
            return new JcaPEMKeyConverter().getPrivateKey((PrivateKeyInfo) parser.readObject());
        }
    }
}
