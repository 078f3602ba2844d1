package dev.steadfast.temporal.internal;

import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.temporal.serviceclient.SimpleSslContextBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.TrustManagerFactory;

/** The TLS context of a connection to Temporal: a client certificate (mTLS) and the CAs the server's is checked with. */
public final class Tls {
    private Tls() {}

    /**
     * A context presenting {@code cert} with {@code key} (PEM, the key in PKCS#8; both {@code null}: none) and trusting
     * the CA certificates in {@code ca} (PEM; {@code null}: the JVM's trust store).
     */
    public static SslContext context(Path cert, Path key, Path ca) {
        try {
            SimpleSslContextBuilder b;
            if (cert == null) {
                b = SimpleSslContextBuilder.noKeyOrCertChain();
            } else {
                try (InputStream certIn = Files.newInputStream(cert);
                        InputStream keyIn = Files.newInputStream(key)) {
                    b = SimpleSslContextBuilder.forPKCS8(certIn, keyIn);
                }
            }
            if (ca != null) {
                var trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(trustStore(ca));
                b.setTrustManager(trust.getTrustManagers()[0]);
            }
            return b.build();
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Cannot read the TLS client certificate " + cert + ", its key " + key
                            + " or the CA file " + ca
                            + ": give PEM files (the key in PKCS#8: openssl pkcs8 -topk8 -nocrypt"
                            + " -in key.pem)",
                    e);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "Cannot use the TLS files given (certificate " + cert + ", key " + key + ", CA " + ca + "): "
                            + e.getMessage() + " — give PEM files, the key in PKCS#8",
                    e);
        }
    }

    private static KeyStore trustStore(Path ca) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream in = Files.newInputStream(ca)) {
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca-" + i++, c);
            }
            if (i == 0) {
                throw new IllegalArgumentException(ca + " holds no PEM certificate");
            }
        }
        return store;
    }
}
