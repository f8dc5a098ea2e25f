package xyz.pura.lightning.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.X509TrustManager;

/**
 * TLS that trusts exactly the certificates in one PEM file (an LND node's self-signed
 * {@code tls.cert}): the server's leaf certificate must equal one of them and be within its
 * validity. Host names are still verified by OkHttp.
 */
final class PinnedCertificate implements X509TrustManager {
    private final List<X509Certificate> pinned;

    private PinnedCertificate(List<X509Certificate> pinned) {
        this.pinned = pinned;
    }

    /** Reads the PEM file; it must hold at least one certificate. */
    static PinnedCertificate fromPem(Path pem) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(pem)) {
            List<X509Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                    .map(X509Certificate.class::cast).toList();
            if (certs.isEmpty()) {
                throw new CertificateException("no certificate in " + pem);
            }
            return new PinnedCertificate(certs);
        }
    }

    SSLSocketFactory socketFactory() throws GeneralSecurityException {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new X509TrustManager[] {this}, null);
        return ctx.getSocketFactory();
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (chain == null || chain.length == 0 || !pinned.contains(chain[0])) {
            throw new CertificateException("the node's certificate is not the one in PURA_LND_TLS_CERT_PATH");
        }
        chain[0].checkValidity();
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("client certificates are not accepted");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return pinned.toArray(X509Certificate[]::new);
    }
}
