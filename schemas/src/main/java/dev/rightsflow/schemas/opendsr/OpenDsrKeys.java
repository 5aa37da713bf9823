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
 *   <li>otherwise a self-signed demo certificate for {@code domain}, made at start (RSA 2048,
 *       one year) and kept for the life of the JVM, so every service of one standalone signs with
 *       the same key. §4.1 forbids self-signed certificates between real parties: a warning says so.</li>
 * </ol>
 * A configured key that cannot be read stops the start: signing with another key would be worse.
 */
public final class OpenDsrKeys {

    private static final Logger log = LoggerFactory.getLogger(OpenDsrKeys.class);
    private static final Map<String, OpenDsrSigner> DEMO = new ConcurrentHashMap<>();

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
        return DEMO.computeIfAbsent(settings.domain(), domain -> {
            log.warn("OpenDSR: no signing key configured (rightsflow.opendsr.key-store or certificate/private-key);"
                    + " signing with a self-signed demo certificate for {}. OpenDSR 2.0 §4.1 requires a certificate"
                    + " from a trusted authority between real parties.", domain);
            return selfSigned(domain, Duration.ofDays(365));
        });
    }

    /** A new self-signed RSA certificate for {@code domain} (tests and the demo). */
    public static OpenDsrSigner selfSigned(String domain, Duration validity) {
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
            return new OpenDsrSigner(domain, pair.getPrivate(), List.of(certificate));
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
        Key key = store.getKey(alias, password);
        if (!(key instanceof PrivateKey privateKey)) {
            throw new GeneralSecurityException("entry " + alias + " is not a private key");
        }
        List<X509Certificate> chain = new ArrayList<>();
        for (Certificate c : store.getCertificateChain(alias)) {
            chain.add((X509Certificate) c);
        }
        return new OpenDsrSigner(settings.domain(), privateKey, chain);
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
