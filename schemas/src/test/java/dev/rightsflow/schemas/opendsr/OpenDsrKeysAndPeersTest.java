package dev.rightsflow.schemas.opendsr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The signing key from each configured source, and which peer certificates are trusted (OpenDSR
 * 2.0 §4.1, §8.8). Certificates here are self-signed test certificates made on the spot.
 */
class OpenDsrKeysAndPeersTest {

    static final byte[] BODY = "{\"request_status\":\"completed\"}".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @Test
    void signingKeyIsReadFromAPkcs12KeyStoreAndFromPemFiles() throws Exception {
        KeyPair pair = rsa();
        OpenDsrSigner made = selfSignedWith(pair);
        Path p12 = dir.resolve("opendsr.p12");
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("opendsr", pair.getPrivate(), "secret".toCharArray(), new Certificate[] {made.certificate()});
        try (OutputStream out = Files.newOutputStream(p12)) {
            store.store(out, "secret".toCharArray());
        }
        OpenDsrSigner fromStore = OpenDsrKeys.signer(settings("opendsr.test", p12.toString(), "secret", null, null, Map.of(), false));
        assertThat(fromStore.certificate()).isEqualTo(made.certificate());
        assertThat(OpenDsrVerifier.verify(BODY, fromStore.sign(BODY), made.certificate().getPublicKey())).isTrue();

        Path certificate = Files.writeString(dir.resolve("cert.pem"), made.certificatePem());
        Path key = Files.writeString(dir.resolve("key.pem"), pem(pair.getPrivate()));
        OpenDsrSigner fromPem = OpenDsrKeys.signer(settings("opendsr.test", null, null, certificate.toString(), key.toString(), Map.of(), false));
        assertThat(OpenDsrVerifier.verify(BODY, fromPem.sign(BODY), made.certificate().getPublicKey())).isTrue();
        assertThat(fromPem.domain()).isEqualTo("opendsr.test");

        assertThatThrownBy(() -> OpenDsrKeys.signer(settings("opendsr.test", p12.toString(), "wrong", null, null, Map.of(), false)))
                .as("a configured key that cannot be read stops the start").isInstanceOf(RuntimeException.class);
    }

    @Test
    void withoutAConfiguredKeyEveryServiceOfOneInstallationSignsWithTheSameDemoCertificate() {
        OpenDsrSigner one = OpenDsrKeys.signer(settings("demo.opendsr.test", null, null, null, null, Map.of(), false));
        OpenDsrSigner two = OpenDsrKeys.signer(settings("demo.opendsr.test", null, null, null, null, Map.of(), false));
        assertThat(one.certificate()).isEqualTo(two.certificate());
        assertThat(one.certificate().getSubjectX500Principal().getName()).contains("CN=demo.opendsr.test");
    }

    @Test
    void theDemoKeyKeptInTheDataDirectoryIsTheOneTheNextStartSignsWith() throws Exception {
        Path kept = dir.resolve("data").resolve("opendsr-demo-key.p12");
        OpenDsrSigner first = OpenDsrKeys.demoKey(kept, "demo.opendsr.test");
        assertThat(kept).as("written at the first start").isRegularFile();
        assertThat(java.nio.file.Files.getPosixFilePermissions(kept)).as("readable by its owner only")
                .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        OpenDsrSigner restarted = OpenDsrKeys.demoKey(kept, "demo.opendsr.test");
        assertThat(restarted.certificate()).as("a restart reads the same certificate").isEqualTo(first.certificate());
        assertThat(OpenDsrVerifier.verify(BODY, restarted.sign(BODY), first.certificate().getPublicKey()))
                .as("a signature of the restarted run verifies with the certificate a peer fetched before").isTrue();

        OpenDsrSigner otherDomain = OpenDsrKeys.demoKey(kept, "elsewhere.opendsr.test");
        assertThat(otherDomain.certificate()).as("another domain gets a key of its own").isNotEqualTo(first.certificate());
        assertThat(otherDomain.certificate().getSubjectX500Principal().getName()).contains("CN=elsewhere.opendsr.test");

        java.nio.file.Files.writeString(kept, "not a key store");
        assertThat(OpenDsrKeys.demoKey(kept, "demo.opendsr.test").certificate().getSubjectX500Principal().getName())
                .as("a damaged file is replaced by a new demo key, never a failed start").contains("CN=demo.opendsr.test");
    }

    @Test
    void onlyAListedPeersOwnCertificateVerifiesItsSignatures() {
        OpenDsrSigner leeds = OpenDsrKeys.selfSigned("leeds.test", Duration.ofDays(1));
        OpenDsrSigner impostor = OpenDsrKeys.selfSigned("impostor.test", Duration.ofDays(1));
        OpenDsrPeers peers = new OpenDsrPeers(settings("rip.test", null, null, null, null, Map.of(
                "leeds.test", new OpenDsrSettings.Peer(null, leeds.certificatePem()),
                "misnamed.test", new OpenDsrSettings.Peer(null, impostor.certificatePem())), false));

        assertThat(peers.verify("leeds.test", BODY, leeds.sign(BODY))).isEqualTo(OpenDsrPeers.Verdict.VALID);
        assertThat(peers.verify("LEEDS.test", BODY, leeds.sign(BODY))).isEqualTo(OpenDsrPeers.Verdict.VALID);
        assertThat(peers.verify("leeds.test", "{}".getBytes(StandardCharsets.UTF_8), leeds.sign(BODY)))
                .isEqualTo(OpenDsrPeers.Verdict.INVALID);
        assertThat(peers.verify("leeds.test", BODY, impostor.sign(BODY))).isEqualTo(OpenDsrPeers.Verdict.INVALID);
        assertThat(peers.verify("impostor.test", BODY, impostor.sign(BODY))).as("not a listed peer")
                .isEqualTo(OpenDsrPeers.Verdict.UNKNOWN_PEER);
        assertThat(peers.verify("misnamed.test", BODY, impostor.sign(BODY))).as("certificate issued to another name")
                .isEqualTo(OpenDsrPeers.Verdict.UNKNOWN_PEER);
        assertThat(peers.verify("leeds.test", BODY, null)).isEqualTo(OpenDsrPeers.Verdict.MISSING);
    }

    @Test
    void theSpecificationsFoldedSignatureHeaderIsReadAsOneBase64Text() {
        OpenDsrSigner leeds = OpenDsrKeys.selfSigned("leeds.test", Duration.ofDays(1));
        String signature = leeds.sign(BODY);
        String folded = signature.substring(0, 80) + "\n" + signature.substring(80);
        assertThat(OpenDsrVerifier.verify(BODY, folded, leeds.certificate().getPublicKey())).isTrue();
    }

    @Test
    void requestChecksListEveryBrokenRuleOfSection7WithoutRepeatingAnIdentity() {
        OpenDsrCodec codec = new OpenDsrCodec();
        OpenDsrCodec.Decoded decoded = codec.readRequest("""
                {"regulation":"pdpa","subject_request_id":"A7551968-D5D6-44B2-9831-815AC9017798","subject_request_type":"erasure",
                 "submitted_time":"2018-10-02 15:00","subject_identities":[{"identity_type":"email","identity_value":"secret@example.org"}],
                 "status_callback_urls":["ftp://example.org/cb"]}""".getBytes(StandardCharsets.UTF_8));
        assertThat(decoded).isInstanceOfSatisfying(OpenDsrCodec.Decoded.Invalid.class, invalid -> {
            assertThat(invalid.errors()).extracting(Messages.ErrorDetail::message).containsExactly(
                    "regulation must be one of gdpr, ccpa.",
                    "subject_request_id must be a lowercase version 4 UUID.",
                    "submitted_time must be an RFC 3339 date-time.",
                    "subject_identities[0].identity_format field is required.",
                    "status_callback_urls[0] must be an absolute http(s) URL.");
            assertThat(invalid.errors().toString()).doesNotContain("secret@example.org");
        });
        assertThat(codec.readRequest("""
                {"subject_request_id":"a7551968-d5d6-44b2-9831-815ac9017798","subject_request_type":"access","submitted_time":"2018-10-02t15:00:00+01:00",
                 "extensions":{"opendsr.mparticle.com":{"mpids":[1234567890]}}}""".getBytes(StandardCharsets.UTF_8)))
                .as("identities may come in an extension only (§5.3); no regulation is gdpr")
                .isInstanceOfSatisfying(OpenDsrCodec.Decoded.Valid.class, v -> assertThat(v.request().regulation()).isEqualTo("gdpr"));
        assertThat(OpenDsrCodec.derivedSubjectRequestId("a", "b")).matches(id -> OpenDsrCodec.isUuidV4(id))
                .isEqualTo(OpenDsrCodec.derivedSubjectRequestId("a", "b")).isNotEqualTo(OpenDsrCodec.derivedSubjectRequestId("a", "c"));
    }

    private static OpenDsrSettings settings(String domain, String keyStore, String password, String certificate, String key,
            Map<String, OpenDsrSettings.Peer> peers, boolean allowSelfSigned) {
        return new OpenDsrSettings(domain, keyStore, password, null, certificate, key, peers, allowSelfSigned, List.of(),
                Duration.ofHours(1), Duration.ofSeconds(10), Duration.ofHours(1), "", null);
    }

    private static KeyPair rsa() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    /** A self-signed certificate for a known key pair, made by signing with a one-off signer's method. */
    private static OpenDsrSigner selfSignedWith(KeyPair pair) throws Exception {
        var name = new org.bouncycastle.asn1.x500.X500Name("CN=opendsr.test");
        var builder = new org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder(name, java.math.BigInteger.ONE,
                new java.util.Date(System.currentTimeMillis() - 86_400_000L), new java.util.Date(System.currentTimeMillis() + 86_400_000L),
                name, pair.getPublic());
        var certificate = new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter().getCertificate(
                builder.build(new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
        return new OpenDsrSigner("opendsr.test", pair.getPrivate(), List.of(certificate));
    }

    private static String pem(PrivateKey key) throws Exception {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(key);
        }
        return out.toString();
    }
}
