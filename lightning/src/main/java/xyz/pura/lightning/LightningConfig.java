package xyz.pura.lightning;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Validated configuration of one Lightning backend; read once from the environment by
 * {@link Backends#configFromEnv}. Every {@code toString} redacts secrets.
 */
public sealed interface LightningConfig {

    /** How long one HTTP call to a node may take, connect to last byte. */
    Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    /** Which backend this configures. */
    BackendKind kind();

    /**
     * The {@code dev} backend.
     *
     * @param directory where {@code dev-node.key} and {@code dev-invoices.jsonl} live
     *                  ({@code <PURA_DATA_DIR>/lightning})
     */
    record Dev(Path directory) implements LightningConfig {
        /** Validates the directory. */
        public Dev {
            Objects.requireNonNull(directory, "directory");
        }

        @Override
        public BackendKind kind() {
            return BackendKind.DEV;
        }
    }

    /**
     * An LND node's REST API.
     *
     * @param url          base URL, e.g. {@code https://127.0.0.1:8080}
     * @param macaroonHex  the invoice (or admin) macaroon, hex; never printed
     * @param tlsCertPath  the node's {@code tls.cert} (PEM) to trust exactly, or null to use the
     *                     JVM's default trust store (a node behind a CA-signed certificate)
     * @param timeout      per call
     */
    record Lnd(URI url, String macaroonHex, Path tlsCertPath, Duration timeout) implements LightningConfig {
        /** Validates the URL, the macaroon's hex form and the timeout. */
        public Lnd {
            url = Urls.requireBase(url, "PURA_LND_URL");
            Objects.requireNonNull(macaroonHex, "macaroonHex");
            if (macaroonHex.isEmpty() || macaroonHex.length() % 2 != 0 || !macaroonHex.chars().allMatch(Urls::isHex)) {
                throw new IllegalArgumentException("the LND macaroon must be non-empty hex");
            }
            Urls.requirePositive(timeout);
        }

        @Override
        public BackendKind kind() {
            return BackendKind.LND;
        }

        @Override
        public String toString() {
            return "Lnd[url=" + url + ", macaroonHex=<redacted>, tlsCertPath=" + tlsCertPath + ", timeout=" + timeout + "]";
        }
    }

    /**
     * An LNbits wallet.
     *
     * @param url     base URL of the LNbits instance, e.g. {@code https://legend.lnbits.com}
     * @param apiKey  the wallet's invoice/read key (it cannot spend); never printed
     * @param timeout per call
     */
    record Lnbits(URI url, String apiKey, Duration timeout) implements LightningConfig {
        /** Validates the URL, the key and the timeout. */
        public Lnbits {
            url = Urls.requireBase(url, "PURA_LNBITS_URL");
            Objects.requireNonNull(apiKey, "apiKey");
            if (apiKey.isBlank() || !apiKey.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                throw new IllegalArgumentException("the LNbits API key must be non-blank printable ASCII");
            }
            Urls.requirePositive(timeout);
        }

        @Override
        public BackendKind kind() {
            return BackendKind.LNBITS;
        }

        @Override
        public String toString() {
            return "Lnbits[url=" + url + ", apiKey=<redacted>, timeout=" + timeout + "]";
        }
    }
}
