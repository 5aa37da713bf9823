package dev.rightsflow.schemas.opendsr;

import java.io.StringWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;

import org.bouncycastle.openssl.jcajce.JcaPEMWriter;

/**
 * Signs what this installation sends over OpenDSR: responses and callbacks (§7.3, §8.3, §8.6,
 * §9.2). A signature is SHA-256 with the key's algorithm (RSA PKCS#1 v1.5 or ECDSA, both FIPS
 * 186-4 per §4.2) over the exact bytes sent, Base64 on one line.
 */
public final class OpenDsrSigner {

    private final String domain;
    private final PrivateKey key;
    private final List<X509Certificate> chain;

    public OpenDsrSigner(String domain, PrivateKey key, List<X509Certificate> chain) {
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a signing key needs its certificate");
        }
        this.domain = domain;
        this.key = key;
        this.chain = List.copyOf(chain);
    }

    /** The domain for {@code X-OpenDSR-Processor-Domain}. */
    public String domain() {
        return domain;
    }

    public X509Certificate certificate() {
        return chain.get(0);
    }

    /** The certificate chain as PEM, the leaf first: what {@code processor_certificate} serves. */
    public String certificatePem() {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter pem = new JcaPEMWriter(out)) {
            for (X509Certificate c : chain) {
                pem.writeObject(c);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Base64 signature of {@code body}. */
    public String sign(byte[] body) {
        try {
            Signature signature = Signature.getInstance(OpenDsrVerifier.algorithm(key.getAlgorithm()));
            signature.initSign(key);
            signature.update(body);
            return Base64.getEncoder().encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the OpenDSR signing key cannot sign", e);
        }
    }
}
