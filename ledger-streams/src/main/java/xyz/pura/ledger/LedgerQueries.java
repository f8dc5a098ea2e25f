package xyz.pura.ledger;

import xyz.pura.events.KeyReport;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import xyz.pura.events.SpendView;
import xyz.pura.ledger.internal.AccountState;
import xyz.pura.ledger.internal.ReportItem;
import xyz.pura.ledger.internal.ReportQuery;
import xyz.pura.ledger.internal.Time;
import xyz.pura.ledger.internal.Views;

/**
 * Interactive queries of the ledger's local state, for the ingress in the same JVM. They see the keys
 * whose partitions this instance owns (all of them with one instance); with several instances, use
 * {@code KafkaStreams.queryMetadataForKey} to find the owner. Thread-safe.
 */
public final class LedgerQueries {
    private final Supplier<ReadOnlyKeyValueStore<String, AccountState>> accounts;
    private final Supplier<ReadOnlyWindowStore<String, ReportItem>> reports;
    private final long defaultBudgetNanoUsd;

    /** Queries over any store source (a running {@link KafkaStreams}, or a test driver's stores). */
    public LedgerQueries(Supplier<ReadOnlyKeyValueStore<String, AccountState>> accounts,
                         Supplier<ReadOnlyWindowStore<String, ReportItem>> reports, LedgerConfig config) {
        this.accounts = accounts;
        this.reports = reports;
        this.defaultBudgetNanoUsd = config.defaultDailyBudget().nanos();
    }

    /** Queries over the stores of a running {@link KafkaStreams} built from {@link LedgerTopology}. */
    public static LedgerQueries of(KafkaStreams streams, LedgerConfig config) {
        return new LedgerQueries(
                () -> streams.store(StoreQueryParameters.fromNameAndType(LedgerTopology.ACCOUNT_STORE,
                        QueryableStoreTypes.<String, AccountState>keyValueStore())),
                () -> streams.store(StoreQueryParameters.fromNameAndType(LedgerTopology.REPORT_STORE,
                        QueryableStoreTypes.<String, ReportItem>windowStore())),
                config);
    }

    /**
     * The key's debits over {@code (at - 24 h, at]}.
     *
     * @throws LedgerUnavailableException while the stores are not queryable
     */
    public KeyReport report(String keyId, Instant at) {
        try {
            return ReportQuery.report(reports.get(), keyId, at);
        } catch (InvalidStateStoreException e) {
            throw new LedgerUnavailableException("the 24 h report store is not available: " + e.getMessage(), e);
        }
    }

    /**
     * The key's spend view as of {@code at} (today's figures read 0 once {@code at} is on a later UTC day
     * than the key's last booking); empty for a key that the ledger has never seen.
     *
     * @throws LedgerUnavailableException while the stores are not queryable
     */
    public Optional<SpendView> spendView(String keyId, Instant at) {
        AccountState state;
        try {
            state = accounts.get().get(keyId);
        } catch (InvalidStateStoreException e) {
            throw new LedgerUnavailableException("the account store is not available: " + e.getMessage(), e);
        }
        return Optional.ofNullable(state)
                .map(s -> Views.spendView(s, defaultBudgetNanoUsd).asOf(Time.utcDay(at)));
    }
}
