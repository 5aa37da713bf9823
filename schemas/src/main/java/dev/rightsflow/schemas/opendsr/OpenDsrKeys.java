package dev.rightsflow.schemas.opendsr;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where this installation's OpenDSR signing key comes from, in this order:
 * <ol>
 *   <li>{@code rightsflow.opendsr.key-store} (PKCS#12) with {@code key-store-password} and
 *       optionally {@code key-alias};</li>
 *   <li>{@code rightsflow.opendsr.certificate} and {@code private-key} (PEM files);</li>
 *   <li>otherwise a self-signed demo certificate for {@code domain} (RSA 2048, one year), the same
 *       for every service of one standalone: kept in {@code demo-key-store} when that is set (made
 *       at the first start, read at the next ones, made again once it is for another domain or
 *       expires within a week), else made at start and kept for the life of the JVM. §4.1 forbids
 *       self-signed certificates between real parties: a warning says so.</li>
 * </ol>
 * A configured key that cannot be read stops the start: signing with another key would be worse.
 */
public final class OpenDsrKeys {

    private static final Logger log = LoggerFactory.getLogger(OpenDsrKeys.class);
    private static final Map<String, OpenDsrSigner> DEMO = new ConcurrentHashMap<>();
    /** The demo key store's password: the key is a published demo key, the file's protection is its permissions. */
    private static final char[] DEMO_PASSWORD = "rightsflow-demo".toCharArray();
    private static final Duration DEMO_VALIDITY = Duration.ofDays(365);

    private OpenDsrKeys() {
    }

    public static OpenDsrSigner signer(OpenDsrSettings settings) {
        try {
            if (settings.keyStore() != null && !settings.keyStore().isBlank()) {
                return fromKeyStore(settings);
            }
            if (settings.certificate() != null && !settings.certificate().isBlank()) {
                return fromPem(settings);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the OpenDSR signing key cannot be read", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the OpenDSR signing key cannot be read", e);
        }
        String kept = settings.demoKeyStore() == null || settings.demoKeyStore().isBlank() ? null : settings.demoKeyStore();
        return DEMO.computeIfAbsent(settings.domain() + (kept == null ? "" : "@" + kept), any -> {
            log.warn("OpenDSR: no signing key configured (rightsflow.opendsr.key-store or certificate/private-key);"
                    + " signing with a self-signed demo certificate for {}{}. OpenDSR 2.0 §4.1 requires a certificate"
                    + " from a trusted authority between real parties.", settings.domain(),
                    kept == null ? ", made for this run" : ", kept in " + kept);
            return kept == null ? selfSigned(settings.domain(), DEMO_VALIDITY) : demoKey(Path.of(kept), settings.domain());
        });
    }

    /**
     * The demo key kept in {@code file}: read when the file holds one for {@code domain} valid for at least
     * another week, otherwise made (as {@link #selfSigned}) and written there (owner-only, replaced whole), so
     * the next start signs with the certificate peers already fetched. A file that cannot be read is replaced:
     * it holds nothing but a demo key.
     */
    public static OpenDsrSigner demoKey(Path file, String domain) {
        if (Files.isRegularFile(file)) {
            try {
                KeyStore store = KeyStore.getInstance("PKCS12");
                try (InputStream in = Files.newInputStream(file)) {
                    store.load(in, DEMO_PASSWORD);
                }
                OpenDsrSigner kept = fromStore(store, domain, "opendsr-demo", DEMO_PASSWORD);
                kept.certificate().checkValidity(Date.from(Instant.now().plus(Duration.ofDays(7))));
                var names = kept.certificate().getSubjectAlternativeNames();
                if (names != null && names.stream().anyMatch(n -> Integer.valueOf(GeneralName.dNSName).equals(n.get(0))
                        && domain.equalsIgnoreCase(String.valueOf(n.get(1))))) {
                    return kept;
                }
                log.warn("OpenDSR: the demo key in {} is for another domain; making a new one for {}", file, domain);
            } catch (IOException | GeneralSecurityException e) {
                log.warn("OpenDSR: the demo key in {} cannot be used ({}); making a new one", file, e.getMessage());
            }
        }
        SelfSigned made = makeSelfSigned(domain, DEMO_VALIDITY);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("opendsr-demo", made.key(), DEMO_PASSWORD, new Certificate[] {made.certificate()});
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path written = Files.createTempFile(parent, file.getFileName().toString(), ".tmp",
                    java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                            java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
            try (var out = Files.newOutputStream(written)) {
                store.store(out, DEMO_PASSWORD);
            }
            Files.move(written, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | GeneralSecurityException | UnsupportedOperationException e) {
            log.warn("OpenDSR: the demo key cannot be kept in {} ({}); it lasts for this run only", file, e.getMessage());
        }
        return new OpenDsrSigner(domain, made.key(), List.of(made.certificate()));
    }

    /** A new self-signed RSA certificate for {@code domain} (tests and the demo). */
    public static OpenDsrSigner selfSigned(String domain, Duration validity) {
        SelfSigned made = makeSelfSigned(domain, validity);
        return new OpenDsrSigner(domain, made.key(), List.of(made.certificate()));
    }

    private record SelfSigned(PrivateKey key, X509Certificate certificate) {
    }

    private static SelfSigned makeSelfSigned(String domain, Duration validity) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            Instant now = Instant.now();
            X500Name name = new X500Name("CN=" + domain + ",O=Rightsflow OpenDSR demo");
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name,
                    new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofDays(1))),
                    Date.from(now.plus(validity)), name, pair.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.dNSName, domain)));
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
            return new SelfSigned(pair.getPrivate(), certificate);
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot make a demo OpenDSR certificate", e);
        }
    }

    /** Every certificate in a PEM text, in order. */
    public static List<X509Certificate> certificates(String pem) throws GeneralSecurityException {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        List<X509Certificate> out = new ArrayList<>();
        for (Certificate c : factory.generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
            out.add((X509Certificate) c);
        }
        return out;
    }

    private static OpenDsrSigner fromKeyStore(OpenDsrSettings settings) throws IOException, GeneralSecurityException {
        char[] password = settings.keyStorePassword() == null ? new char[0] : settings.keyStorePassword().toCharArray();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(Path.of(settings.keyStore()))) {
            store.load(in, password);
        }
        String alias = settings.keyAlias();
        if (alias == null || alias.isBlank()) {
            alias = Collections.list(store.aliases()).stream().filter(a -> {
                try {
                    return store.isKeyEntry(a);
                } catch (GeneralSecurityException e) {
                    return false;
                }
            }).findFirst().orElseThrow(() -> new GeneralSecurityException("the key store holds no key"));
        }
        return fromStore(store, settings.domain(), alias, password);
    }

    private static OpenDsrSigner fromStore(KeyStore store, String domain, String alias, char[] password)
            throws GeneralSecurityException {
        Key key = store.getKey(alias, password);
        if (!(key instanceof PrivateKey privateKey)) {
            throw new GeneralSecurityException("entry " + alias + " is not a private key");
        }
        List<X509Certificate> chain = new ArrayList<>();
        for (Certificate c : store.getCertificateChain(alias)) {
            chain.add((X509Certificate) c);
        }
        return new OpenDsrSigner(domain, privateKey, chain);
    }

    private static OpenDsrSigner fromPem(OpenDsrSettings settings) throws IOException, GeneralSecurityException {
        List<X509Certificate> chain = certificates(Files.readString(Path.of(settings.certificate())));
        if (settings.privateKey() == null || settings.privateKey().isBlank()) {
            throw new GeneralSecurityException("rightsflow.opendsr.private-key is missing");
        }
        Object parsed;
        try (PEMParser parser = new PEMParser(new StringReader(Files.readString(Path.of(settings.privateKey()))))) {
            parsed = parser.readObject();
        }
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        PrivateKey key;
        if (parsed instanceof PEMKeyPair pair) {
            key = converter.getKeyPair(pair).getPrivate();
        } else if (parsed instanceof PrivateKeyInfo info) {
            key = converter.getPrivateKey(info);
        } else {
            throw new GeneralSecurityException("the private-key file holds no unencrypted private key");
        }
        return new OpenDsrSigner(settings.domain(), key, chain);
    }
}
