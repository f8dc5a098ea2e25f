package xyz.pura.lightning.wallet;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Polls the Lightning backend about pending invoices on a fixed delay; never on the request path. */
public final class SettlementWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SettlementWatcher.class);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("settlement-watcher").unstarted(r));

    public SettlementWatcher(WalletService wallet, Duration every) {
        timer.scheduleWithFixedDelay(() -> {
            try {
                wallet.poll();
            } catch (RuntimeException e) {
                LOG.warn("settlement poll failed: {}", e.toString());
            }
        }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
