package xyz.pura.ledger;

import xyz.pura.events.KeyReport;
import xyz.pura.events.KeyUsage;
import java.time.LocalDate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import xyz.pura.events.LedgerEntry;
import xyz.pura.events.SpendView;
import xyz.pura.events.WalletBalance;
import xyz.pura.ledger.internal.AccountState;
import xyz.pura.ledger.internal.DailyUsage;
import xyz.pura.ledger.internal.UsageQuery;
import xyz.pura.ledger.internal.RecentEntries;
import xyz.pura.ledger.internal.ReportItem;
import xyz.pura.ledger.internal.ReportQuery;
import xyz.pura.ledger.internal.Time;
import xyz.pura.ledger.internal.Views;

/**
 * Interactive queries of the ledger's local state. They see the keys whose partitions this instance owns (all of
 * them with one instance); with several instances, {@link xyz.pura.ledger.remote.LedgerRouting} finds the owner and
 * asks it. Thread-safe.
 */
public final class LedgerQueries {
    private final Supplier<ReadOnlyKeyValueStore<String, AccountState>> accounts;
    private final Supplier<ReadOnlyWindowStore<String, ReportItem>> reports;
    private final Supplier<ReadOnlyKeyValueStore<String, LedgerEntry>> recent;
    private final Supplier<ReadOnlyWindowStore<String, DailyUsage>> usage;
    private final long defaultBudgetNanoUsd;
    private final long freeRequests;

    /** Queries over any store source (a running {@link KafkaStreams}, or a test driver's stores). */
    public LedgerQueries(Supplier<ReadOnlyKeyValueStore<String, AccountState>> accounts,
                         Supplier<ReadOnlyWindowStore<String, ReportItem>> reports,
                         Supplier<ReadOnlyKeyValueStore<String, LedgerEntry>> recent,
                         Supplier<ReadOnlyWindowStore<String, DailyUsage>> usage, LedgerConfig config) {
        this.accounts = accounts;
        this.reports = reports;
        this.recent = recent;
        this.usage = usage;
        this.defaultBudgetNanoUsd = config.defaultDailyBudget().nanos();
        this.freeRequests = config.freeRequests();
    }

    /** Queries over the stores of a running {@link KafkaStreams} built from {@link LedgerTopology}. */
    public static LedgerQueries of(KafkaStreams streams, LedgerConfig config) {
        return new LedgerQueries(
                () -> streams.store(StoreQueryParameters.fromNameAndType(LedgerTopology.ACCOUNT_STORE,
                        QueryableStoreTypes.<String, AccountState>keyValueStore())),
                () -> streams.store(StoreQueryParameters.fromNameAndType(LedgerTopology.REPORT_STORE,
                        QueryableStoreTypes.<String, ReportItem>windowStore())),
                () -> streams.store(StoreQueryParameters.fromNameAndType(LedgerTopology.RECENT_STORE,
                        QueryableStoreTypes.<String, LedgerEntry>keyValueStore())),
                () -> streams.store(StoreQueryParameters.fromNameAndType(LedgerTopology.USAGE_STORE,
                        QueryableStoreTypes.<String, DailyUsage>windowStore())),
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
        return Optional.ofNullable(account(keyId))
                .map(s -> Views.spendView(s, defaultBudgetNanoUsd, freeRequests).asOf(Time.utcDay(at)));
    }

    /**
     * The key's sats balance (millisatoshis, credits minus sats debits; below 0 when requests in flight
     * overshot it) and free-tier use, as far as the ledger has booked; a key the ledger has never seen has
     * nothing: balance 0, all {@link LedgerConfig#freeRequests()} free requests left.
     *
     * @throws LedgerUnavailableException while the stores are not queryable
     */
    public WalletBalance balance(String keyId) {
        AccountState s = account(keyId);
        if (s == null) {
            return WalletBalance.of(keyId, 0, 0, 0, freeRequests, 0);
        }
        return WalletBalance.of(keyId, s.balanceMsat(), s.creditedMsat(), s.billedRequests(), s.freeRequestsOr(freeRequests),
                s.ledgerSequence());
    }

    /**
     * The key's last {@code limit} ledger entries (debits and credits), newest first; at most
     * {@link LedgerTopology#RECENT_ENTRIES}, empty for a key without entries.
     *
     * @throws LedgerUnavailableException while the stores are not queryable
     */
    public List<LedgerEntry> recentEntries(String keyId, int limit) {
        try {
            return RecentEntries.read(recent.get(), keyId, limit);
        } catch (InvalidStateStoreException e) {
            throw new LedgerUnavailableException("the recent-entries store is not available: " + e.getMessage(), e);
        }
    }

    /**
     * The key's debits per UTC day (the day each is booked to) and model over {@code [from, to]}; days older than
     * {@link LedgerTopology#USAGE_RETENTION} may be gone.
     *
     * @throws LedgerUnavailableException while the stores are not queryable
     */
    public KeyUsage usage(String keyId, LocalDate from, LocalDate to) {
        try {
            return UsageQuery.usage(usage.get(), keyId, from, to);
        } catch (InvalidStateStoreException e) {
            throw new LedgerUnavailableException("the daily usage store is not available: " + e.getMessage(), e);
        }
    }

    private AccountState account(String keyId) {
        try {
            return accounts.get().get(keyId);
        } catch (InvalidStateStoreException e) {
            throw new LedgerUnavailableException("the account store is not available: " + e.getMessage(), e);
        }
    }
}
