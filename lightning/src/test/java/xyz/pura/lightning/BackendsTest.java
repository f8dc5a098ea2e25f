package xyz.pura.lightning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackendsTest {
    static final String MACAROON_HEX = "0201036c6e6402f801030a10b3bf6906c1937139ac0684ac4417d4e4";

    @TempDir
    Path dataDir;

    @Test
    void shouldDefaultToDevWithStateUnderTheDataDir() {
        LightningBackend backend = Backends.fromEnv(Map.of(), dataDir);

        assertThat(backend.kind()).isEqualTo(BackendKind.DEV);
        assertThat(backend.settlesOnItsOwn()).isFalse();
        assertThat(backend.manualSettler()).isPresent();
        assertThat(dataDir.resolve("lightning/dev-node.key")).exists();
        assertThat(dataDir.resolve("lightning/dev-invoices.jsonl")).exists();
    }

    @Test
    void shouldReadLndConfigWithABinaryMacaroonFileAndRedactIt() throws Exception {
        Path macaroon = Files.write(dataDir.resolve("invoice.macaroon"), HexFormat.of().parseHex(MACAROON_HEX));

        LightningConfig config = Backends.configFromEnv(Map.of("PURA_LIGHTNING", "lnd",
                "PURA_LND_URL", "https://127.0.0.1:8080/", "PURA_LND_MACAROON_PATH", macaroon.toString()), dataDir);

        assertThat(config).isInstanceOfSatisfying(LightningConfig.Lnd.class, lnd -> {
            assertThat(lnd.macaroonHex()).isEqualTo(MACAROON_HEX);
            assertThat(lnd.url().toString()).isEqualTo("https://127.0.0.1:8080");
        });
        assertThat(config.toString()).doesNotContain(MACAROON_HEX).contains("<redacted>");
        assertThat(Backends.create(config).toString()).doesNotContain(MACAROON_HEX);
    }

    @Test
    void shouldReadLnbitsConfigAndRedactTheKey() {
        LightningConfig config = Backends.configFromEnv(Map.of("PURA_LIGHTNING", "LNbits",
                "PURA_LNBITS_URL", "https://lnbits.example.org", "PURA_LNBITS_API_KEY", "secret-invoice-key"), dataDir);

        assertThat(config.kind()).isEqualTo(BackendKind.LNBITS);
        assertThat(config.toString()).doesNotContain("secret-invoice-key");
    }

    @Test
    void shouldNameTheMissingOrBadVariable() {
        assertThatThrownBy(() -> Backends.configFromEnv(Map.of("PURA_LIGHTNING", "eclair"), dataDir))
                .hasMessageContaining("PURA_LIGHTNING");
        assertThatThrownBy(() -> Backends.configFromEnv(Map.of("PURA_LIGHTNING", "lnd",
                "PURA_LND_MACAROON_HEX", MACAROON_HEX), dataDir)).hasMessageContaining("PURA_LND_URL");
        assertThatThrownBy(() -> Backends.configFromEnv(Map.of("PURA_LIGHTNING", "lnd",
                "PURA_LND_URL", "https://127.0.0.1:8080"), dataDir)).hasMessageContaining("PURA_LND_MACAROON_HEX");
        assertThatThrownBy(() -> Backends.configFromEnv(Map.of("PURA_LIGHTNING", "lnd", "PURA_LND_URL",
                "http://node.example.org:8080", "PURA_LND_MACAROON_HEX", MACAROON_HEX), dataDir))
                .hasMessageContaining("https").hasMessageNotContaining(MACAROON_HEX);
        assertThatThrownBy(() -> Backends.configFromEnv(Map.of("PURA_LIGHTNING", "lnbits",
                "PURA_LNBITS_URL", "https://lnbits.example.org"), dataDir)).hasMessageContaining("PURA_LNBITS_API_KEY");
        assertThatThrownBy(() -> Backends.configFromEnv(Map.of("PURA_LIGHTNING", "lnd", "PURA_LND_URL",
                "https://127.0.0.1:8080", "PURA_LND_MACAROON_HEX", MACAROON_HEX,
                "PURA_LND_TLS_CERT_PATH", "/nonexistent/tls.cert"), dataDir)).hasMessageContaining("PURA_LND_TLS_CERT_PATH");
    }
}
