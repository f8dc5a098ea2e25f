package xyz.pura.app;

import java.nio.file.Path;
import java.time.Duration;
import xyz.pura.lightning.Backends;
import xyz.pura.lightning.LightningConfig;

/**
 * The wallet: its Lightning backend and the limits of funding, validated when built. {@link #toString()}
 * prints no macaroon or key (the {@link LightningConfig} records redact them).
 *
 * @param pollInterval how often pending invoices are checked with the backend (PURA_WALLET_POLL_SECONDS, 2)
 * @param fundPerMinutePerKey funding invoices a key may ask for per minute (PURA_FUND_PER_MINUTE_PER_KEY, 10;
 *     0: unlimited)
 * @param maxPendingInvoicesPerKey unpaid, unexpired invoices a key may hold at once
 *     (PURA_MAX_PENDING_INVOICES_PER_KEY, 5; 1 or more)
 * @param backend the backend of PURA_LIGHTNING ({@link Backends#configFromEnv})
 */
public record WalletSettings(Duration pollInterval, long fundPerMinutePerKey, int maxPendingInvoicesPerKey,
                             LightningConfig backend) {

    public WalletSettings {
        new Problems()
                .check(maxPendingInvoicesPerKey >= 1,
                        "PURA_MAX_PENDING_INVOICES_PER_KEY must be 1 or more, not " + maxPendingInvoicesPerKey)
                .check(backend != null, "no Lightning backend")
                .throwIfAny();
    }

    /** @param dataDir where the {@code dev} backend keeps its state */
    static WalletSettings read(EnvReader r, Path dataDir) {
        LightningConfig dev = new LightningConfig.Dev(dataDir.resolve("lightning"));
        LightningConfig backend = r.of(() -> Backends.configFromEnv(r.env(), dataDir), dev);
        int poll = r.integer("PURA_WALLET_POLL_SECONDS", 2);
        int fund = r.integer("PURA_FUND_PER_MINUTE_PER_KEY", 10);
        int pending = r.integer("PURA_MAX_PENDING_INVOICES_PER_KEY", 5);
        return r.of(() -> new WalletSettings(Duration.ofSeconds(poll), fund, pending, backend),
                new WalletSettings(Duration.ofSeconds(2), 10, 5, dev));
    }
}
